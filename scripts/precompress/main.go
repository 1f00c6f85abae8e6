// Command precompress writes, next to each file named on its command line,
// a gzip copy (<file>.gz) and a brotli copy (<file>.br), for scripts/serve to
// send to browsers that accept them. `make build` runs it on the two
// WebAssembly programs, so the build needs nothing but Go.
//
//	go run ./scripts/precompress web/app.wasm web/worker.wasm
//
// It prints each file's raw and compressed sizes. A copy is written to a
// temporary file first and renamed into place, so a server never sees half
// of one.
package main

import (
	"compress/gzip"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/andybalholm/brotli"
)

// Compression levels: gzip's best, and brotli's 9, which compresses both
// wasm programs (23 MB) in about 6 s on one core; level 11 takes minutes.
const (
	gzipLevel   = gzip.BestCompression
	brotliLevel = 9
)

func main() {
	flag.Usage = func() {
		fmt.Fprintln(os.Stderr, "usage: precompress FILE...   (writes FILE.gz and FILE.br next to each FILE)")
	}
	flag.Parse()
	if flag.NArg() == 0 {
		flag.Usage()
		os.Exit(2)
	}
	for _, name := range flag.Args() {
		sizes, err := precompress(name)
		if err != nil {
			fmt.Fprintln(os.Stderr, "precompress:", err)
			os.Exit(1)
		}
		fmt.Printf("%s: %d bytes raw, %d gzip, %d brotli\n", name, sizes[0], sizes[1], sizes[2])
	}
}

// encoders are the copies written for each file: suffix and compressor.
var encoders = []struct {
	suffix string
	writer func(io.Writer) (io.WriteCloser, error)
}{
	{".gz", func(w io.Writer) (io.WriteCloser, error) { return gzip.NewWriterLevel(w, gzipLevel) }},
	{".br", func(w io.Writer) (io.WriteCloser, error) { return brotli.NewWriterLevel(w, brotliLevel), nil }},
}

// precompress writes name.gz and name.br and returns the sizes of the
// original, the gzip and the brotli copy.
func precompress(name string) ([3]int64, error) {
	var sizes [3]int64
	data, err := os.ReadFile(name)
	if err != nil {
		return sizes, err
	}
	sizes[0] = int64(len(data))
	for i, e := range encoders {
		n, err := writeCompressed(name+e.suffix, data, e.writer)
		if err != nil {
			return sizes, err
		}
		sizes[i+1] = n
	}
	return sizes, nil
}

// writeCompressed compresses data into the file out (through a temporary
// file in the same directory) and returns the compressed size.
func writeCompressed(out string, data []byte, newWriter func(io.Writer) (io.WriteCloser, error)) (int64, error) {
	tmp, err := os.CreateTemp(filepath.Dir(out), ".precompress-*")
	if err != nil {
		return 0, err
	}
	defer os.Remove(tmp.Name()) // a no-op once renamed
	zw, err := newWriter(tmp)
	if err == nil {
		_, err = zw.Write(data)
		if cerr := zw.Close(); err == nil {
			err = cerr
		}
	}
	var size int64
	if err == nil {
		var st os.FileInfo
		if st, err = tmp.Stat(); err == nil {
			size = st.Size()
		}
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(tmp.Name(), 0o644)
	}
	if err == nil {
		err = os.Rename(tmp.Name(), out)
	}
	if err != nil {
		return 0, fmt.Errorf("%s: %w", out, err)
	}
	return size, nil
}
