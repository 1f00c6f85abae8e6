package pattern

import (
	"strings"
	"testing"
)

func onCount(pix []bool) int {
	n := 0
	for _, b := range pix {
		if b {
			n++
		}
	}
	return n
}

func TestGlyphs(t *testing.T) {
	if len(GlyphNames) != 36 {
		t.Fatalf("%d glyphs, want 26 letters and 10 digits", len(GlyphNames))
	}
	seen := map[string]rune{}
	for i, c := range GlyphNames {
		g := Glyph(i)
		if len(g) != GlyphW*GlyphH {
			t.Fatalf("%c: %d pixels, want %d", c, len(g), GlyphW*GlyphH)
		}
		if n := onCount(g); n < 8 || n > GlyphW*GlyphH-8 {
			t.Errorf("%c: %d pixels on", c, n)
		}
		key := EncodePictures([][]bool{g})
		if d, dup := seen[key]; dup {
			t.Errorf("%c draws the same as %c", c, d)
		}
		seen[key] = c
		if GlyphIndex(c) != i || GlyphIndex(c|0x20) != i && c >= 'A' {
			t.Errorf("GlyphIndex(%c) = %d, want %d", c, GlyphIndex(c), i)
		}
	}
	// Known answers, counted by hand: L is a column of 7 and a bottom row of
	// 5 sharing a corner, T a top row of 5 and a stem of 6 below it.
	for c, want := range map[rune]int{'L': 11, 'T': 11, 'H': 17, '1': 10} {
		if n := onCount(Glyph(GlyphIndex(c))); n != want {
			t.Errorf("%c: %d pixels on, want %d", c, n, want)
		}
	}
	if GlyphIndex('?') != -1 {
		t.Error("GlyphIndex('?') should be -1")
	}
}

func TestPicturePatterns(t *testing.T) {
	s, err := PictureShape(GlyphW, GlyphH)
	if err != nil {
		t.Fatal(err)
	}
	if s.H != 35 || s.M != 2 || s.N != 70 {
		t.Fatalf("shape %v, want 35 hypercolumns of 2 units", s)
	}
	r := NewRand(7)
	for i := range GlyphNames {
		g := Glyph(i)
		p := FromPicture(g)
		if err := s.Check(p); err != nil {
			t.Fatalf("%c: %v", GlyphNames[i], err)
		}
		back := ToPicture(p)
		for k := range g {
			if back[k] != g[k] {
				t.Fatalf("%c: pixel %d changed in the round trip", GlyphNames[i], k)
			}
		}
		// A noisy letter: nflip moved hypercolumns are nflip flipped pixels.
		for _, nflip := range []int{0, 1, 3, 35} {
			cue := ToPicture(Distort(nil, r, s, p, nflip))
			diff := 0
			for k := range g {
				if cue[k] != g[k] {
					diff++
				}
			}
			if diff != nflip {
				t.Errorf("%c with nflip=%d: %d pixels flipped", GlyphNames[i], nflip, diff)
			}
		}
	}
	if _, err := PictureShape(0, 7); err == nil {
		t.Error("a picture 0 pixels wide was accepted")
	}
	if _, err := PictureShape(100, 100); err == nil || !strings.Contains(err.Error(), "4096") {
		t.Errorf("a 100×100 picture: %v, want the limit 4096 named", err)
	}
}

func TestEncodePictures(t *testing.T) {
	one := make([]bool, 35)
	one[0] = true
	// Known answer: pixel 0 is the top bit of the first of 5 bytes,
	// 0x80 0 0 0 0, which is "gAAAAAA" in unpadded base64url.
	if got := EncodePictures([][]bool{one}); got != "v1.gAAAAAA" {
		t.Errorf("EncodePictures = %q, want v1.gAAAAAA", got)
	}
	r := NewRand(3)
	for n := 1; n <= MaxPictures; n += 7 {
		pics := make([][]bool, n)
		for k := range pics {
			pics[k] = make([]bool, 35)
			for j := range pics[k] {
				pics[k][j] = r.IntN(2) == 1
			}
		}
		s := EncodePictures(pics)
		if len(s) > MaxPicturesText {
			t.Fatalf("%d pictures encode to %d characters, over the limit %d", n, len(s), MaxPicturesText)
		}
		back, err := DecodePictures(s, 35)
		if err != nil {
			t.Fatalf("%d pictures: %v", n, err)
		}
		if len(back) != n {
			t.Fatalf("%d pictures decode to %d", n, len(back))
		}
		for k := range pics {
			for j := range pics[k] {
				if back[k][j] != pics[k][j] {
					t.Fatalf("%d pictures: picture %d pixel %d changed", n, k, j)
				}
			}
		}
	}
	many := make([][]bool, MaxPictures+1)
	for k := range many {
		many[k] = make([]bool, 35)
	}
	for _, c := range []struct{ in, want string }{
		{"", "unknown format"},
		{"v2.gAAAAAA", "unknown format"},
		{"v1.g@AAAAA", "base64url"},
		{"v1.AAAAAA==", "base64url"},       // padding is not written
		{"v1.gAAAAAB", "base64url"},        // bit 41 lies in base64's own padding
		{"v1.AAAAAB", "base64url"},         // ditto, bit 35 of 36
		{"v1.gAAAAA", "no whole number"},   // 4 bytes
		{"v1.AAAAAAE", "stray bits"},       // bit 39: no pixel (35 per picture)
		{"v1.AAAAAAI", "stray bits"},       // bit 38
		{"v1.AAAAAAQ", "stray bits"},       // bit 37
		{"v1.AAAAAAA", ""},                 // one empty picture
		{"v1.AAAAAgA", ""},                 // pixel 30 on
		{"v1.AAAAAQA", ""},                 // pixel 31 on
		{"v1.AAAAACA", ""},                 // pixel 34 on, the last
		{EncodePictures(many), "limit is"}, // too long
	} {
		_, err := DecodePictures(c.in, 35)
		switch {
		case c.want == "" && err != nil:
			t.Errorf("DecodePictures(%q): %v", c.in, err)
		case c.want != "" && (err == nil || !strings.Contains(err.Error(), c.want)):
			t.Errorf("DecodePictures(%q) = %v, want an error with %q", c.in, err, c.want)
		}
	}
}

// FuzzDecodePictures: no input crashes the decoder, and what it accepts is
// canonical: encoding the pictures again gives the very same text.
func FuzzDecodePictures(f *testing.F) {
	f.Add("v1.gAAAAAA")
	f.Add(EncodePictures([][]bool{Glyph(0), Glyph(1)}))
	f.Add("v1.")
	f.Add("v1.AAAAAQA")
	f.Fuzz(func(t *testing.T, s string) {
		pics, err := DecodePictures(s, 35)
		if err != nil {
			return
		}
		if len(pics) < 1 || len(pics) > MaxPictures {
			t.Fatalf("%q: %d pictures accepted", s, len(pics))
		}
		if again := EncodePictures(pics); again != s {
			t.Fatalf("%q decodes to pictures that encode to %q", s, again)
		}
	})
}
