// Command manifest writes DIR/sw-build.js, the build manifest the page's
// service worker (web/sw.js) caches by: every file of DIR with its SHA-256
// and the version naming the set (see scripts/internal/buildmanifest).
// `make build` runs it last, so that web/ can be copied to any static host
// and still work offline after the first visit:
//
//	go run ./scripts/manifest web
//
// It prints the version and the number of files. The file is written to a
// temporary file first and renamed into place.
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"hebbplay/scripts/internal/buildmanifest"
)

func main() {
	flag.Usage = func() {
		fmt.Fprintln(os.Stderr, "usage: manifest DIR   (writes DIR/"+buildmanifest.ScriptName+")")
	}
	flag.Parse()
	if flag.NArg() != 1 {
		flag.Usage()
		os.Exit(2)
	}
	if err := write(flag.Arg(0)); err != nil {
		fmt.Fprintln(os.Stderr, "manifest:", err)
		os.Exit(1)
	}
}

// write writes dir's manifest and prints its version.
func write(dir string) error {
	m, err := buildmanifest.Build(dir)
	if err != nil {
		return err
	}
	tmp, err := os.CreateTemp(dir, ".sw-build-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(m.Script()); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		return err
	}
	if err := os.Rename(tmp.Name(), filepath.Join(dir, buildmanifest.ScriptName)); err != nil {
		return err
	}
	fmt.Printf("%s/%s: build %s, %d files\n", dir, buildmanifest.ScriptName, m.Version, len(m.Files))
	return nil
}
