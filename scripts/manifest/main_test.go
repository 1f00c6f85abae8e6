package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"hebbplay/scripts/internal/buildmanifest"
)

// write puts exactly the directory's manifest into sw-build.js, replacing
// an old one, and leaves no temporary file behind.
func TestWrite(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "index.html"), []byte("<!doctype html>"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, buildmanifest.ScriptName), []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := write(dir); err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(filepath.Join(dir, buildmanifest.ScriptName))
	if err != nil {
		t.Fatal(err)
	}
	m, err := buildmanifest.Build(dir)
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != string(m.Script()) || !strings.Contains(string(got), `"path":"index.html"`) {
		t.Errorf("wrote %q\nwant %q", got, m.Script())
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 2 {
		t.Errorf("files left: %v", entries)
	}
	if err := write(filepath.Join(dir, "missing")); err == nil {
		t.Error("a missing directory: no error")
	}
}
