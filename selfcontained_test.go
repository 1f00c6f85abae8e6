package hebbplay

import (
	"bytes"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// outsidePointers are the names of documents that live outside the
// repository (the working notes it was written from). No tracked file may
// point to them: the repository must stand alone, with the science in the
// package docs. The names are assembled from parts so that this file does
// not match itself.
func outsidePointers() []string {
	var p []string
	for _, n := range []string{"memory", "browser", "labs", "ivisit"} {
		p = append(p, n+".md")
	}
	return append(p, "shared"+"/spec", ".."+"/shared", ".."+"/seeds")
}

// trackedFiles returns the files git tracks, or, without git, every file
// under the root except build outputs and dependencies.
func trackedFiles(t *testing.T) []string {
	out, err := exec.Command("git", "ls-files", "-z").Output()
	if err == nil && len(out) > 0 {
		var files []string
		for _, f := range strings.Split(string(out), "\x00") {
			if f != "" {
				files = append(files, f)
			}
		}
		return files
	}
	t.Logf("git ls-files unavailable (%v); walking the tree", err)
	var files []string
	skip := map[string]bool{".git": true, "node_modules": true, "test-output": true, "vendor": true}
	err = filepath.WalkDir(".", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if skip[d.Name()] {
				return filepath.SkipDir
			}
			return nil
		}
		files = append(files, path)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// TestNoPointersOutsideRepository fails when a comment, doc, README, test
// message or script refers to a document outside the repository.
func TestNoPointersOutsideRepository(t *testing.T) {
	pats := outsidePointers()
	files := trackedFiles(t)
	if len(files) < 10 {
		t.Fatalf("found only %d files; is the test running at the repository root?", len(files))
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			if os.IsNotExist(err) {
				continue // deleted in the working tree
			}
			t.Fatal(err)
		}
		if bytes.IndexByte(b, 0) >= 0 {
			continue // binary
		}
		for n, line := range strings.Split(string(b), "\n") {
			for _, p := range pats {
				if strings.Contains(strings.ToLower(line), p) {
					t.Errorf("%s:%d points outside the repository (%q): state the fact or point to a package doc instead\n\t%s",
						f, n+1, p, strings.TrimSpace(line))
					break
				}
			}
		}
	}
}
