package main

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http/httptest"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
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
	for _, p := range []string{"/", "/game.js", "/app.wasm", "/nope", "/app.wasm.gz"} {
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
	}
}
