// Command serve is the playground's small static web server, used by
// `make serve` and the browser tests.
//
// It serves a directory (web/ by default) on 127.0.0.1:8080 with the right
// content types (application/wasm for the WebAssembly programs, which
// WebAssembly.instantiateStreaming requires) and, when the browser accepts
// gzip and a precompressed "<file>.gz" sits next to a file, sends that
// instead with Content-Encoding: gzip. Nothing is cached, so a rebuild is
// seen on reload. With -addr 127.0.0.1:0 it picks a free port; either way it
// prints the URL on its first line of output.
//
// Every response carries the Content-Security-Policy below: the page runs
// only its own script files and WebAssembly, never inline script, so a name
// or comment that slipped into the page as HTML could not run.
package main

import (
	"flag"
	"fmt"
	"log"
	"mime"
	"net"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"strings"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:8080", "address to listen on (port 0 picks a free one)")
	dir := flag.String("dir", "web", "directory to serve")
	flag.Parse()
	if st, err := os.Stat(filepath.Join(*dir, "index.html")); err != nil || st.IsDir() {
		log.Fatalf("serve: %s has no index.html (run from the repository root)", *dir)
	}
	if _, err := os.Stat(filepath.Join(*dir, "app.wasm")); err != nil {
		log.Printf("serve: warning: %s/app.wasm is missing; run `make build`", *dir)
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		log.Fatalf("serve: %v", err)
	}
	fmt.Printf("hebbplay: serving %s on http://%s/\n", *dir, ln.Addr())
	log.Fatal(http.Serve(ln, newHandler(*dir)))
}

func init() {
	// Some systems' MIME tables lack these; set them explicitly.
	_ = mime.AddExtensionType(".wasm", "application/wasm")
	_ = mime.AddExtensionType(".js", "text/javascript; charset=utf-8")
	_ = mime.AddExtensionType(".css", "text/css; charset=utf-8")
	_ = mime.AddExtensionType(".html", "text/html; charset=utf-8")
}

// csp is the Content-Security-Policy of every response. Each directive and
// why it is needed:
//
//   - default-src 'self': anything not named below comes from this server only.
//   - script-src 'self' 'wasm-unsafe-eval': the page's own script files (no
//     inline <script>, no on…= attributes, no eval), and compiling the Go
//     WebAssembly programs, which CSP counts as eval.
//   - worker-src 'self': the Web Workers (worker.js) of the Experiments screen.
//   - style-src 'self': style.css and game.css only. Chart.js and Ebiten set
//     element.style through the CSSOM, which CSP does not restrict, so no
//     'unsafe-inline' is needed for styles either.
//   - img-src 'self' data: blob:: Chart.js's PNG exports are data: URLs.
//   - connect-src 'self': fetch of the wasm programs and the MNIST subset.
//   - frame-src 'self': the stage (game.html) runs in an iframe.
//   - object-src 'none': no plugins.
//   - base-uri 'self': a stray <base> cannot redirect relative URLs.
//   - form-action 'self': forms (none submit anywhere) cannot post away.
const csp = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; worker-src 'self'; style-src 'self'; " +
	"img-src 'self' data: blob:; connect-src 'self'; frame-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'"

// newHandler serves dir, preferring precompressed .gz files.
func newHandler(dir string) http.Handler {
	files := http.FileServer(http.Dir(dir))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "no-cache")
		w.Header().Set("X-Content-Type-Options", "nosniff")
		w.Header().Set("Content-Security-Policy", csp)
		p := path.Clean("/" + r.URL.Path)
		if strings.HasSuffix(p, ".gz") {
			http.NotFound(w, r) // compressed copies are served only by negotiation
			return
		}
		if r.Method == http.MethodGet || r.Method == http.MethodHead {
			w.Header().Add("Vary", "Accept-Encoding")
			if acceptsGzip(r) && !strings.HasSuffix(p, "/") {
				gz := filepath.Join(dir, filepath.FromSlash(p)+".gz")
				if f, err := os.Open(gz); err == nil {
					defer f.Close()
					if st, err := f.Stat(); err == nil && !st.IsDir() {
						ct := mime.TypeByExtension(path.Ext(p))
						if ct == "" {
							ct = "application/octet-stream"
						}
						w.Header().Set("Content-Type", ct)
						w.Header().Set("Content-Encoding", "gzip")
						http.ServeContent(w, r, p, st.ModTime(), f)
						return
					}
				}
			}
		}
		files.ServeHTTP(w, r)
	})
}

func acceptsGzip(r *http.Request) bool {
	for _, part := range strings.Split(r.Header.Get("Accept-Encoding"), ",") {
		enc, q, _ := strings.Cut(strings.TrimSpace(part), ";")
		if strings.EqualFold(strings.TrimSpace(enc), "gzip") && strings.ReplaceAll(q, " ", "") != "q=0" {
			return true
		}
	}
	return false
}
