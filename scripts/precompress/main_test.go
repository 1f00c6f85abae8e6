package main

import (
	"bytes"
	"compress/gzip"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"

	"github.com/andybalholm/brotli"
)

// TestRoundTrip: each copy decompresses to exactly the original, is smaller
// than it (for compressible data), and the reported sizes are the files'.
func TestRoundTrip(t *testing.T) {
	dir := t.TempDir()
	// Compressible but not trivial: wasm-like header, repeated words and
	// some pseudo-random bytes.
	var data bytes.Buffer
	data.WriteString("\x00asm\x01\x00\x00\x00")
	rng := rand.New(rand.NewPCG(1, 2))
	for i := 0; i < 20000; i++ {
		data.WriteString("hebb covariance willshaw ")
		data.WriteByte(byte(rng.IntN(256)))
	}
	name := filepath.Join(dir, "app.wasm")
	if err := os.WriteFile(name, data.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	sizes, err := precompress(name)
	if err != nil {
		t.Fatal(err)
	}
	if sizes[0] != int64(data.Len()) {
		t.Errorf("raw size %d, want %d", sizes[0], data.Len())
	}
	readers := map[string]func(io.Reader) (io.Reader, error){
		".gz": func(r io.Reader) (io.Reader, error) { return gzip.NewReader(r) },
		".br": func(r io.Reader) (io.Reader, error) { return brotli.NewReader(r), nil },
	}
	for i, suffix := range []string{".gz", ".br"} {
		comp, err := os.ReadFile(name + suffix)
		if err != nil {
			t.Fatal(err)
		}
		if int64(len(comp)) != sizes[i+1] {
			t.Errorf("%s: reported %d bytes, file has %d", suffix, sizes[i+1], len(comp))
		}
		if len(comp) >= data.Len()/2 {
			t.Errorf("%s: %d bytes of %d: not compressed", suffix, len(comp), data.Len())
		}
		zr, err := readers[suffix](bytes.NewReader(comp))
		if err != nil {
			t.Fatal(err)
		}
		got, err := io.ReadAll(zr)
		if err != nil {
			t.Fatalf("%s: %v", suffix, err)
		}
		if !bytes.Equal(got, data.Bytes()) {
			t.Errorf("%s: decompressed copy differs from the original (%d bytes, want %d)", suffix, len(got), data.Len())
		}
	}
	// No temporary files are left behind.
	entries, _ := os.ReadDir(dir)
	if len(entries) != 3 {
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		t.Errorf("directory holds %v, want app.wasm and its two copies", names)
	}
}

// TestMissingFile: a missing input is an error naming it, not a crash.
func TestMissingFile(t *testing.T) {
	name := filepath.Join(t.TempDir(), "nope.wasm")
	if _, err := precompress(name); err == nil || !bytes.Contains([]byte(err.Error()), []byte("nope.wasm")) {
		t.Errorf("error %v, want one naming nope.wasm", err)
	}
}
