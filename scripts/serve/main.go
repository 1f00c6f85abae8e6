// Command serve is the playground's small static web server, used by
// `make serve` and the browser tests.
//
// It serves a directory (web/ by default) on 127.0.0.1:8080 with the right
// content types (application/wasm for the WebAssembly programs, which
// WebAssembly.instantiateStreaming requires) and, when a precompressed
// copy sits next to a file ("<file>.br" brotli, "<file>.gz" gzip, written by
// scripts/precompress), sends the copy the browser's Accept-Encoding prefers
// with its Content-Encoding (see negotiate). Nothing is cached, so a rebuild
// is seen on reload. With -addr 127.0.0.1:0 it picks a free port; either way it
// prints the URL on its first line of output.
//
// Every response carries the Content-Security-Policy below: the page runs
// only its own script files and WebAssembly, never inline script, so a name
// or comment that slipped into the page as HTML could not run. Any site may
// show the page in an iframe (the classroom dialog's Embed snippet): no
// X-Frame-Options and no frame-ancestors are sent.
//
// The build manifest the service worker caches by (sw-build.js, see
// scripts/internal/buildmanifest) is computed from the directory for every
// request, not read from the file make build writes: a file edited while the
// server runs is a new build at once, and the next visit installs it.
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
	"strconv"
	"strings"

	"hebbplay/scripts/internal/buildmanifest"
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
//   - worker-src 'self': the Web Workers (worker.js) of the Experiments screen
//     and the service worker (sw.js), which imports sw-build.js (script-src)
//     and fetches the build's files (connect-src).
//   - style-src 'self': style.css and game.css only. Chart.js and Ebiten set
//     element.style through the CSSOM, which CSP does not restrict, so no
//     'unsafe-inline' is needed for styles either.
//   - img-src 'self' data: blob:: Chart.js's PNG exports are data: URLs.
//   - connect-src 'self': fetch of the wasm programs and the MNIST subset.
//   - frame-src 'self': the stage (game.html) runs in an iframe.
//   - object-src 'none': no plugins.
//   - base-uri 'self': a stray <base> cannot redirect relative URLs.
//   - form-action 'self': forms (none submit anywhere) cannot post away.
//   - no frame-ancestors, on purpose: a public demo may be embedded by any
//     site (and by a teacher's local file), as the Embed snippet does.
const csp = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; worker-src 'self'; style-src 'self'; " +
	"img-src 'self' data: blob:; connect-src 'self'; frame-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'"

// encodings are the precompressed copies the server looks for, in its own
// order of preference when the browser accepts several equally: the
// Content-Encoding name and the file suffix.
var encodings = []struct{ name, suffix string }{
	{"br", ".br"},
	{"gzip", ".gz"},
}

// newHandler serves dir, preferring precompressed copies (.br, .gz).
func newHandler(dir string) http.Handler {
	files := http.FileServer(http.Dir(dir))
	builds := new(buildmanifest.Hasher)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "no-cache")
		w.Header().Set("X-Content-Type-Options", "nosniff")
		w.Header().Set("Content-Security-Policy", csp)
		p := path.Clean("/" + r.URL.Path)
		if p == "/"+buildmanifest.ScriptName && (r.Method == http.MethodGet || r.Method == http.MethodHead) {
			serveManifest(w, r, builds, dir)
			return
		}
		for _, e := range encodings {
			if strings.HasSuffix(p, e.suffix) {
				http.NotFound(w, r) // compressed copies are served only by negotiation
				return
			}
		}
		if (r.Method == http.MethodGet || r.Method == http.MethodHead) && !strings.HasSuffix(p, "/") {
			w.Header().Add("Vary", "Accept-Encoding")
			if serveCompressed(w, r, dir, p) {
				return
			}
		}
		files.ServeHTTP(w, r)
	})
}

// serveManifest answers sw-build.js with the manifest of dir as it is now.
func serveManifest(w http.ResponseWriter, r *http.Request, builds *buildmanifest.Hasher, dir string) {
	m, err := builds.Build(dir)
	if err != nil {
		log.Printf("serve: %v", err)
		http.Error(w, "no build manifest: "+err.Error(), http.StatusInternalServerError)
		return
	}
	body := m.Script()
	w.Header().Set("Content-Type", mime.TypeByExtension(".js"))
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	if r.Method == http.MethodGet {
		w.Write(body)
	}
}

// serveCompressed sends the precompressed copy of p that r accepts best, if
// there is one, and reports whether it did. http.ServeContent sets
// Content-Length (see lengthWriter) and answers HEAD and Range requests (ranges of the
// compressed bytes, as a Content-Encoding demands).
func serveCompressed(w http.ResponseWriter, r *http.Request, dir, p string) bool {
	accept := parseAcceptEncoding(r.Header.Get("Accept-Encoding"))
	var available []string
	opened := map[string]*os.File{}
	defer func() {
		for _, f := range opened {
			f.Close()
		}
	}()
	stats := map[string]os.FileInfo{}
	for _, e := range encodings {
		if accept.q(e.name) == 0 {
			continue
		}
		f, err := os.Open(filepath.Join(dir, filepath.FromSlash(p)+e.suffix))
		if err != nil {
			continue
		}
		opened[e.name] = f
		st, err := f.Stat()
		if err != nil || st.IsDir() {
			continue
		}
		stats[e.name] = st
		available = append(available, e.name)
	}
	enc := negotiate(accept, available)
	if enc == "" {
		return false
	}
	ct := mime.TypeByExtension(path.Ext(p))
	if ct == "" {
		ct = "application/octet-stream"
	}
	w.Header().Set("Content-Type", ct)
	w.Header().Set("Content-Encoding", enc)
	http.ServeContent(lengthWriter{w, stats[enc].Size()}, r, p, stats[enc].ModTime(), opened[enc])
	return true
}

// lengthWriter sets Content-Length on a whole (200) response.
// http.ServeContent leaves it out when Content-Encoding is set, and the
// copy would then go out chunked, without a length for the page's progress.
type lengthWriter struct {
	http.ResponseWriter
	size int64
}

// WriteHeader adds Content-Length to a 200 response that lacks one.
func (w lengthWriter) WriteHeader(code int) {
	if code == http.StatusOK && w.Header().Get("Content-Length") == "" {
		w.Header().Set("Content-Length", strconv.FormatInt(w.size, 10))
	}
	w.ResponseWriter.WriteHeader(code)
}

// acceptEncoding is a parsed Accept-Encoding header: each coding (lower
// case, "*" included) with its quality value.
type acceptEncoding map[string]float64

// parseAcceptEncoding parses an Accept-Encoding header such as
// "gzip;q=0.8, br, *;q=0" (RFC 9110 section 12.5.3). A coding without q has
// quality 1; a malformed q counts as 0, so it is never chosen.
func parseAcceptEncoding(header string) acceptEncoding {
	a := acceptEncoding{}
	for _, part := range strings.Split(header, ",") {
		fields := strings.Split(part, ";")
		name := strings.ToLower(strings.TrimSpace(fields[0]))
		if name == "" {
			continue
		}
		q := 1.0
		for _, param := range fields[1:] {
			k, v, _ := strings.Cut(strings.TrimSpace(param), "=")
			if strings.EqualFold(strings.TrimSpace(k), "q") {
				f, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
				if err != nil || f < 0 || f > 1 {
					f = 0
				}
				q = f
			}
		}
		a[name] = q
	}
	return a
}

// q is the quality the browser gives coding: its own entry, else the "*"
// entry, else 0 (not listed means not accepted; identity is not asked here).
func (a acceptEncoding) q(coding string) float64 {
	if q, ok := a[coding]; ok {
		return q
	}
	if q, ok := a["*"]; ok {
		return q
	}
	return 0
}

// negotiate picks, among the available codings (in the server's order of
// preference), the one with the highest non-zero quality; ties go to the
// earlier. It returns "" when none is acceptable, or when the browser
// prefers the uncompressed file (identity with a higher quality than any of
// them), and the plain file is then served.
func negotiate(a acceptEncoding, available []string) string {
	best, bestQ := "", 0.0
	for _, c := range available {
		if q := a.q(c); q > bestQ {
			best, bestQ = c, q
		}
	}
	if id, ok := a["identity"]; ok && id > bestQ {
		return ""
	}
	return best
}
