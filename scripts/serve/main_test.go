package main

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/andybalholm/brotli"

	"hebbplay/scripts/internal/buildmanifest"
)

func TestHandler(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, data []byte) {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	wasm := []byte("\x00asm\x01\x00\x00\x00 pretend")
	write("index.html", []byte("<!doctype html><title>x</title>"))
	write("app.wasm", wasm)
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write(wasm)
	zw.Close()
	write("app.wasm.gz", gz.Bytes())
	write("plain.js", []byte("let a = 1;"))

	h := newHandler(dir)
	tests := []struct {
		path, accept string
		status       int
		ctype        string
		encoding     string
	}{
		{"/", "", 200, "text/html; charset=utf-8", ""},
		{"/app.wasm", "", 200, "application/wasm", ""},
		{"/app.wasm", "gzip, deflate, br", 200, "application/wasm", "gzip"},
		{"/app.wasm", "gzip;q=0", 200, "application/wasm", ""},
		{"/plain.js", "gzip", 200, "text/javascript; charset=utf-8", ""},
		{"/app.wasm.gz", "gzip", 404, "", ""},
		{"/nope", "", 404, "", ""},
		{"/../../etc/passwd", "", 404, "", ""},
	}
	for _, tc := range tests {
		req := httptest.NewRequest("GET", tc.path, nil)
		if tc.accept != "" {
			req.Header.Set("Accept-Encoding", tc.accept)
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		res := rec.Result()
		if res.StatusCode != tc.status {
			t.Errorf("%s: status %d, want %d", tc.path, res.StatusCode, tc.status)
			continue
		}
		if tc.status != 200 {
			continue
		}
		if got := res.Header.Get("Content-Type"); got != tc.ctype {
			t.Errorf("%s: content type %q, want %q", tc.path, got, tc.ctype)
		}
		if got := res.Header.Get("Content-Encoding"); got != tc.encoding {
			t.Errorf("%s (%s): encoding %q, want %q", tc.path, tc.accept, got, tc.encoding)
		}
		body, _ := io.ReadAll(res.Body)
		if tc.encoding == "gzip" {
			zr, err := gzip.NewReader(bytes.NewReader(body))
			if err != nil {
				t.Fatal(err)
			}
			body, _ = io.ReadAll(zr)
		}
		if tc.path == "/app.wasm" && !bytes.Equal(body, wasm) {
			t.Errorf("%s (%s): wrong body", tc.path, tc.accept)
		}
	}
}

// TestContentSecurityPolicy: every response (pages, scripts, wasm, errors)
// carries the policy, with exactly these directives.
func TestContentSecurityPolicy(t *testing.T) {
	dir := t.TempDir()
	for name, body := range map[string]string{"index.html": "<!doctype html><title>x</title>", "game.js": "let a;", "app.wasm": "\x00asm"} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want := map[string]string{
		"default-src": "'self'",
		"script-src":  "'self' 'wasm-unsafe-eval'",
		"worker-src":  "'self'",
		"style-src":   "'self'",
		"img-src":     "'self' data: blob:",
		"connect-src": "'self'",
		"frame-src":   "'self'",
		"object-src":  "'none'",
		"base-uri":    "'self'",
		"form-action": "'self'",
	}
	h := newHandler(dir)
	for _, p := range []string{"/", "/game.js", "/app.wasm", "/nope", "/app.wasm.gz", "/app.wasm.br"} {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("GET", p, nil))
		header := rec.Result().Header.Get("Content-Security-Policy")
		got := map[string]string{}
		for _, d := range strings.Split(header, ";") {
			name, value, _ := strings.Cut(strings.TrimSpace(d), " ")
			if name == "" {
				continue
			}
			if _, dup := got[name]; dup {
				t.Errorf("%s: directive %s given twice", p, name)
			}
			got[name] = strings.Join(strings.Fields(value), " ")
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: Content-Security-Policy %q\n got %v\nwant %v", p, header, got, want)
		}
		if strings.Contains(header, "unsafe-inline") || strings.Contains(header, "'unsafe-eval'") {
			t.Errorf("%s: the policy allows inline script or eval: %q", p, header)
		}
		// Any site may embed the page (no frame-ancestors above either).
		if xfo := rec.Result().Header.Get("X-Frame-Options"); xfo != "" {
			t.Errorf("%s: X-Frame-Options %q forbids embedding", p, xfo)
		}
	}
}

// TestBuildManifest: sw-build.js is the manifest of the directory as it is
// at the request (the file on disk, if any, is ignored), so an edit made
// while the server runs is a new version at once; the compressed copies
// are not in it.
func TestBuildManifest(t *testing.T) {
	dir := t.TempDir()
	write := func(name, body string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("index.html", "<!doctype html><title>x</title>")
	write("panel.js", "let a = 1;")
	write("app.wasm", "\x00asm")
	write("app.wasm.gz", "zz")
	write("sw-build.js", "self.hebbplayBuild = {\"version\": \"stale\"};")
	h := newHandler(dir)
	get := func() (string, *http.Response) {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("GET", "/sw-build.js", nil))
		res := rec.Result()
		body, _ := io.ReadAll(res.Body)
		return string(body), res
	}
	body, res := get()
	if res.StatusCode != 200 || res.Header.Get("Content-Type") != "text/javascript; charset=utf-8" ||
		res.Header.Get("Content-Length") != strconv.Itoa(len(body)) || res.Header.Get("Cache-Control") != "no-cache" {
		t.Fatalf("status %d, headers %v", res.StatusCode, res.Header)
	}
	m1, err := buildmanifest.Build(dir)
	if err != nil {
		t.Fatal(err)
	}
	if body != string(m1.Script()) {
		t.Errorf("served %q\nwant %q", body, m1.Script())
	}
	for _, name := range []string{"app.wasm\"", "index.html\"", "panel.js\""} {
		if !strings.Contains(body, `"path":"`+name) {
			t.Errorf("%s missing from %s", name, body)
		}
	}
	if strings.Contains(body, ".gz") || strings.Contains(body, "stale") {
		t.Errorf("the manifest lists a copy or is the stale file: %s", body)
	}
	write("panel.js", "let a = 22;")
	body2, _ := get()
	if body2 == body {
		t.Errorf("an edit did not change the manifest")
	}
	m2, _ := buildmanifest.Build(dir)
	if m2.Version == m1.Version || body2 != string(m2.Script()) {
		t.Errorf("after the edit: version %s (was %s)", m2.Version, m1.Version)
	}
}

// TestNegotiation: with app.wasm, app.wasm.gz and app.wasm.br on disk, the
// server sends the copy the Accept-Encoding header prefers (brotli on a tie),
// falls back to gzip, then to the plain file, never sends a coding given
// q=0, and always says Vary: Accept-Encoding, the wasm content type and the
// length of what it sent. HEAD and Range requests work on the copies.
func TestNegotiation(t *testing.T) {
	dir := t.TempDir()
	wasm := bytes.Repeat([]byte("\x00asm\x01\x00\x00\x00 pretend program "), 50)
	var gz, br bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write(wasm)
	zw.Close()
	bw := brotli.NewWriter(&br)
	bw.Write(wasm)
	bw.Close()
	for name, data := range map[string][]byte{"index.html": []byte("<!doctype html>"), "app.wasm": wasm,
		"app.wasm.gz": gz.Bytes(), "app.wasm.br": br.Bytes(), "only.wasm": wasm, "only.wasm.gz": gz.Bytes()} {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	h := newHandler(dir)
	tests := []struct {
		path, accept, want string
	}{
		{"/app.wasm", "", ""},
		{"/app.wasm", "gzip, deflate, br, zstd", "br"}, // Chromium over HTTPS
		{"/app.wasm", "gzip, deflate", "gzip"},         // Chromium over http://127.0.0.1
		{"/app.wasm", "br", "br"},
		{"/app.wasm", "BR;Q=1", "br"},
		{"/app.wasm", "gzip;q=1, br;q=0.5", "gzip"},
		{"/app.wasm", "br;q=0.5, gzip;q=0.9", "gzip"},
		{"/app.wasm", "br;q=0, gzip", "gzip"},
		{"/app.wasm", "br;q=0, gzip;q=0", ""},
		{"/app.wasm", "br; q=0.0, gzip; q=0.000", ""},
		{"/app.wasm", "*", "br"},
		{"/app.wasm", "*;q=0.5, br;q=0", "gzip"},
		{"/app.wasm", "*;q=0", ""},
		{"/app.wasm", "identity", ""},
		{"/app.wasm", "identity;q=1, br;q=0.5", ""},
		{"/app.wasm", "identity;q=0.1, br;q=0.5", "br"},
		{"/app.wasm", "br;q=bogus, gzip", "gzip"},
		{"/app.wasm", "deflate", ""},
		{"/only.wasm", "br, gzip", "gzip"},
		{"/only.wasm", "br", ""},
	}
	bodies := map[string][]byte{"": wasm, "gzip": gz.Bytes(), "br": br.Bytes()}
	for _, tc := range tests {
		for _, method := range []string{"GET", "HEAD"} {
			req := httptest.NewRequest(method, tc.path, nil)
			if tc.accept != "" {
				req.Header.Set("Accept-Encoding", tc.accept)
			}
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			res := rec.Result()
			what := method + " " + tc.path + " (" + tc.accept + ")"
			if res.StatusCode != 200 {
				t.Errorf("%s: status %d", what, res.StatusCode)
				continue
			}
			if got := res.Header.Get("Content-Encoding"); got != tc.want {
				t.Errorf("%s: encoding %q, want %q", what, got, tc.want)
			}
			if got := res.Header.Get("Content-Type"); got != "application/wasm" {
				t.Errorf("%s: content type %q", what, got)
			}
			if got := res.Header.Values("Vary"); !reflect.DeepEqual(got, []string{"Accept-Encoding"}) {
				t.Errorf("%s: Vary %q, want [Accept-Encoding]", what, got)
			}
			want := bodies[tc.want]
			if got := res.Header.Get("Content-Length"); got != strconv.Itoa(len(want)) {
				t.Errorf("%s: Content-Length %s, want %d", what, got, len(want))
			}
			body, _ := io.ReadAll(res.Body)
			if method == "HEAD" {
				if len(body) != 0 {
					t.Errorf("%s: HEAD sent %d bytes of body", what, len(body))
				}
			} else if !bytes.Equal(body, want) {
				t.Errorf("%s: body is not the %q copy", what, tc.want)
			}
		}
	}

	// A range of a compressed response is a range of the compressed bytes.
	req := httptest.NewRequest("GET", "/app.wasm", nil)
	req.Header.Set("Accept-Encoding", "br")
	req.Header.Set("Range", "bytes=0-3")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	res := rec.Result()
	body, _ := io.ReadAll(res.Body)
	if res.StatusCode != 206 || !bytes.Equal(body, br.Bytes()[:4]) || res.Header.Get("Content-Encoding") != "br" {
		t.Errorf("range: status %d, encoding %q, body %x; want 206, br, %x", res.StatusCode,
			res.Header.Get("Content-Encoding"), body, br.Bytes()[:4])
	}

	// The copies are not served under their own names.
	for _, p := range []string{"/app.wasm.br", "/app.wasm.gz"} {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("GET", p, nil))
		if rec.Code != 404 {
			t.Errorf("%s: status %d, want 404", p, rec.Code)
		}
	}
}
