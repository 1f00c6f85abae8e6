package buildmanifest

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func write(t *testing.T, dir, name, content string) {
	t.Helper()
	p := filepath.Join(dir, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

func sum(s string) string {
	h := sha256.Sum256([]byte(s))
	return hex.EncodeToString(h[:])
}

func TestBuild(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "index.html", "<!doctype html>")
	write(t, dir, "app.wasm", "\x00asm")
	write(t, dir, "app.wasm.br", "compressed")
	write(t, dir, "app.wasm.gz", "compressed")
	write(t, dir, "README.md", "docs")
	write(t, dir, ".hidden", "x")
	write(t, dir, ".git/config", "x")
	write(t, dir, ScriptName, "old manifest")
	write(t, dir, "vendor/chart.umd.min.js", "chart")
	write(t, dir, "mnist-subset.bin", "data")
	m, err := Build(dir)
	if err != nil {
		t.Fatal(err)
	}
	want := []File{
		{Path: "app.wasm", SHA256: sum("\x00asm"), Size: 4},
		{Path: "index.html", SHA256: sum("<!doctype html>"), Size: 15},
		{Path: "mnist-subset.bin", SHA256: sum("data"), Size: 4, Lazy: true},
		{Path: "vendor/chart.umd.min.js", SHA256: sum("chart"), Size: 5},
	}
	if len(m.Files) != len(want) {
		t.Fatalf("files %+v, want %+v", m.Files, want)
	}
	for i := range want {
		if m.Files[i] != want[i] {
			t.Errorf("file %d: %+v, want %+v", i, m.Files[i], want[i])
		}
	}
	// The version is the hash of the path/hash lines, by hand.
	var lines strings.Builder
	for _, f := range want {
		lines.WriteString(f.Path + " " + f.SHA256 + "\n")
	}
	if v := sum(lines.String())[:16]; m.Version != v {
		t.Errorf("version %s, want %s", m.Version, v)
	}
	// The compressed copies, docs and the manifest itself do not change it.
	write(t, dir, "app.wasm.br", "other")
	write(t, dir, "README.md", "other")
	write(t, dir, ScriptName, "other")
	if m2, _ := Build(dir); m2.Version != m.Version {
		t.Errorf("a skipped file changed the version")
	}
}

// A Hasher sees a file rewritten with the same size (a one-character edit).
func TestHasherSeesEdits(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "panel.js", "let a = 1;")
	var h Hasher
	m1, err := h.Build(dir)
	if err != nil {
		t.Fatal(err)
	}
	write(t, dir, "panel.js", "let a = 2;")
	later := time.Now().Add(2 * time.Second)
	if err := os.Chtimes(filepath.Join(dir, "panel.js"), later, later); err != nil {
		t.Fatal(err)
	}
	m2, err := h.Build(dir)
	if err != nil {
		t.Fatal(err)
	}
	if m1.Version == m2.Version || m2.Files[0].SHA256 != sum("let a = 2;") {
		t.Errorf("edit not seen: %s -> %s, %s", m1.Version, m2.Version, m2.Files[0].SHA256)
	}
	write(t, dir, "panel.js", "let a = 1;")
	if err := os.Chtimes(filepath.Join(dir, "panel.js"), later.Add(time.Second), later.Add(time.Second)); err != nil {
		t.Fatal(err)
	}
	if m3, _ := h.Build(dir); m3.Version != m1.Version {
		t.Errorf("the same content gave another version: %s, %s", m3.Version, m1.Version)
	}
}

func TestBuildEmpty(t *testing.T) {
	if _, err := Build(t.TempDir()); err == nil || !strings.Contains(err.Error(), "no files") {
		t.Errorf("empty directory: %v", err)
	}
	if _, err := Build(filepath.Join(t.TempDir(), "nope")); err == nil {
		t.Error("missing directory: no error")
	}
}

// Script is JavaScript that assigns the manifest as JSON.
func TestScript(t *testing.T) {
	m := Manifest{Version: "0123456789abcdef", Files: []File{{Path: `a"b.js`, SHA256: "00", Size: 1}}}
	s := string(m.Script())
	const prefix = "self.hebbplayBuild = "
	i := strings.Index(s, prefix)
	if i < 0 || !strings.HasSuffix(s, ";\n") {
		t.Fatalf("script %q", s)
	}
	var back Manifest
	if err := json.Unmarshal([]byte(s[i+len(prefix):len(s)-2]), &back); err != nil {
		t.Fatal(err)
	}
	if back.Version != m.Version || back.Files[0] != m.Files[0] {
		t.Errorf("round trip: %+v", back)
	}
}
