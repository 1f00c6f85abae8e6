// Package buildmanifest describes one build of the page: every file of web/
// with its SHA-256, and a version naming the whole set. The page's service
// worker (web/sw.js) imports it as sw-build.js, caches exactly those files
// under a cache named after the version, and checks each file it fetches
// against its hash, so that one build is one cache and a page never runs a
// mix of two builds.
//
// scripts/manifest writes web/sw-build.js (make build runs it, for any static
// host); scripts/serve computes it afresh for every request instead, so a file
// edited while the server runs is a new version at once.
package buildmanifest

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"
)

// ScriptName is the file name of the manifest in the served directory.
const ScriptName = "sw-build.js"

// File is one file of the build.
type File struct {
	// Path is the file's URL path relative to the page's directory
	// ("index.html", "vendor/chart.umd.min.js").
	Path string `json:"path"`
	// SHA256 is the hex SHA-256 of its content (the uncompressed file).
	SHA256 string `json:"sha256"`
	// Size is its length in bytes.
	Size int64 `json:"size"`
	// Lazy marks data a lab fetches only when it is opened (the MNIST
	// subset): cached on first use, not with the page.
	Lazy bool `json:"lazy,omitempty"`
}

// Manifest is one build: its version and its files, sorted by path.
type Manifest struct {
	// Version is the first 16 hex digits of the SHA-256 of every file's
	// path and hash: any change of any file gives another version.
	Version string `json:"version"`
	Files   []File `json:"files"`
}

// skipped reports whether a file of the directory is not part of the build:
// the manifest itself, the precompressed copies (the same bytes, which
// scripts/serve sends by negotiation), documentation and hidden files.
func skipped(rel string) bool {
	base := path.Base(rel)
	return rel == ScriptName || strings.HasPrefix(base, ".") ||
		strings.HasSuffix(base, ".br") || strings.HasSuffix(base, ".gz") || strings.HasSuffix(base, ".md")
}

// lazy reports whether a file is data fetched only by the lab that needs it.
func lazy(rel string) bool { return strings.HasSuffix(rel, ".bin") }

// Hasher computes manifests of a directory, hashing again only the files
// whose size or modification time changed since its last call. It is safe
// for concurrent use.
type Hasher struct {
	mu    sync.Mutex
	known map[string]stamp
}

type stamp struct {
	size int64
	mod  time.Time
	sum  string
}

// Build returns the manifest of the files under dir (see package doc).
func Build(dir string) (Manifest, error) { return new(Hasher).Build(dir) }

// Build returns the manifest of the files under dir.
func (h *Hasher) Build(dir string) (Manifest, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.known == nil {
		h.known = map[string]stamp{}
	}
	var m Manifest
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(dir, p)
		if err != nil {
			return err
		}
		rel = filepath.ToSlash(rel)
		if d.IsDir() {
			if rel != "." && strings.HasPrefix(d.Name(), ".") {
				return filepath.SkipDir
			}
			return nil
		}
		if !d.Type().IsRegular() || skipped(rel) {
			return nil
		}
		st, err := d.Info()
		if err != nil {
			return err
		}
		s, ok := h.known[p]
		if !ok || s.size != st.Size() || !s.mod.Equal(st.ModTime()) {
			sum, err := hashFile(p)
			if err != nil {
				return err
			}
			s = stamp{st.Size(), st.ModTime(), sum}
			h.known[p] = s
		}
		m.Files = append(m.Files, File{Path: rel, SHA256: s.sum, Size: s.size, Lazy: lazy(rel)})
		return nil
	})
	if err != nil {
		return Manifest{}, fmt.Errorf("buildmanifest: %w", err)
	}
	if len(m.Files) == 0 {
		return Manifest{}, fmt.Errorf("buildmanifest: %s holds no files", dir)
	}
	sort.Slice(m.Files, func(i, j int) bool { return m.Files[i].Path < m.Files[j].Path })
	all := sha256.New()
	for _, f := range m.Files {
		fmt.Fprintf(all, "%s %s\n", f.Path, f.SHA256)
	}
	m.Version = hex.EncodeToString(all.Sum(nil))[:16]
	return m, nil
}

func hashFile(p string) (string, error) {
	f, err := os.Open(p)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// Script is the manifest as the JavaScript file the service worker imports:
// it sets self.hebbplayBuild.
func (m Manifest) Script() []byte {
	js, err := json.Marshal(m)
	if err != nil {
		panic(err) // a struct of strings and numbers always marshals
	}
	return []byte("// The build the service worker (sw.js) caches: written by scripts/manifest\n" +
		"// (make build) or served by scripts/serve. Do not edit.\n" +
		"self.hebbplayBuild = " + string(js) + ";\n")
}
