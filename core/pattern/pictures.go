package pattern

import (
	"encoding/base64"
	"fmt"
	"strings"
)

// Pictures: binary images as patterns of a modular network.
//
// A picture of W×H pixels is stored in a modular net of W·H hypercolumns of
// M = 2 units each: unit 2p ("off") or unit 2p+1 ("on") is active in the
// hypercolumn of pixel p. Every picture is then a valid pattern, whatever its
// number of on pixels; the winner-take-all of recall decides each pixel
// between its two units, and a distortion of nflip hypercolumns flips exactly
// nflip pixels (a "noisy" picture). A K-of-N net with one unit per pixel
// would need the same number K of on pixels in every picture (recall keeps
// exactly K winners), which letters do not have.

// PictureShape returns the modular shape that stores pictures of w×h pixels:
// w·h hypercolumns of 2 units.
func PictureShape(w, h int) (Shape, error) {
	if w < 1 || h < 1 || w*h > MaxUnits/2 {
		return Shape{}, fmt.Errorf("pattern: a picture of %d×%d pixels; need 1 ≤ w, h and w·h ≤ %d", w, h, MaxUnits/2)
	}
	return NewModular(w*h, 2)
}

// FromPicture returns the pattern of picture pix (one bool per pixel, true
// for on) in the shape of PictureShape: unit 2p+1 for an on pixel p, unit 2p
// for an off one.
func FromPicture(pix []bool) Pattern {
	p := make(Pattern, len(pix))
	for i, on := range pix {
		p[i] = int32(2 * i)
		if on {
			p[i]++
		}
	}
	return p
}

// ToPicture returns the picture of a pattern of a PictureShape (the inverse
// of FromPicture): pixel p is on when unit 2p+1 is active.
func ToPicture(p Pattern) []bool {
	pix := make([]bool, len(p))
	for i, u := range p {
		pix[i] = u&1 == 1
	}
	return pix
}

// Pictures in permalinks.
const (
	// PicturesPrefix starts every encoded picture set: the format's version.
	PicturesPrefix = "v1."
	// MaxPictures is the largest number of pictures an encoded set holds.
	MaxPictures = 64
	// MaxPicturesText is the longest encoded set accepted, in characters:
	// MaxPictures pictures of GlyphW×GlyphH pixels.
	MaxPicturesText = len(PicturesPrefix) + (MaxPictures*GlyphW*GlyphH+5)/6
)

// EncodePictures writes a set of pictures of the same size as
// "v1.<base64url>": the pixels of all pictures one after another, row by
// row, packed eight to a byte with the first pixel in the highest bit, the
// last byte padded with zero bits, in unpadded base64url (RFC 4648 §5). The
// picture size is not written: the decoder is told it.
func EncodePictures(pics [][]bool) string {
	var bits []bool
	for _, p := range pics {
		bits = append(bits, p...)
	}
	buf := make([]byte, (len(bits)+7)/8)
	for i, on := range bits {
		if on {
			buf[i/8] |= 0x80 >> (i % 8)
		}
	}
	return PicturesPrefix + base64.RawURLEncoding.EncodeToString(buf)
}

// DecodePictures reads a set written by EncodePictures of pictures of
// pixels pixels each. It refuses, naming the limit, a text over
// MaxPicturesText characters, another version, bad base64url, a length that
// is no whole number of pictures, padding bits that are not zero, an empty
// set and more than MaxPictures pictures.
func DecodePictures(s string, pixels int) ([][]bool, error) {
	if pixels < 1 {
		return nil, fmt.Errorf("pattern: pictures of %d pixels", pixels)
	}
	if len(s) > MaxPicturesText {
		return nil, fmt.Errorf("the drawn patterns are %d characters long; the limit is %d (%d pictures)", len(s), MaxPicturesText, MaxPictures)
	}
	rest, ok := strings.CutPrefix(s, PicturesPrefix)
	if !ok {
		v, _, _ := strings.Cut(s, ".")
		return nil, fmt.Errorf("unknown format %q of drawn patterns (this playground reads %q)", shorten(v), strings.TrimSuffix(PicturesPrefix, "."))
	}
	// The decoder skips line breaks; a permalink has none.
	if i := strings.IndexFunc(rest, func(r rune) bool {
		return !('A' <= r && r <= 'Z' || 'a' <= r && r <= 'z' || '0' <= r && r <= '9' || r == '-' || r == '_')
	}); i >= 0 {
		return nil, fmt.Errorf("the drawn patterns are not valid base64url (%q at %d)", rest[i:i+1], len(PicturesPrefix)+i)
	}
	buf, err := base64.RawURLEncoding.Strict().DecodeString(rest)
	if err != nil {
		return nil, fmt.Errorf("the drawn patterns are not valid base64url (%v)", err)
	}
	n := len(buf) * 8 / pixels
	if n < 1 || (n*pixels+7)/8 != len(buf) {
		return nil, fmt.Errorf("%d bytes of drawn patterns are no whole number of %d-pixel pictures", len(buf), pixels)
	}
	if n > MaxPictures {
		return nil, fmt.Errorf("%d drawn patterns; the limit is %d", n, MaxPictures)
	}
	for i := n * pixels; i < len(buf)*8; i++ {
		if buf[i/8]&(0x80>>(i%8)) != 0 {
			return nil, fmt.Errorf("the drawn patterns have stray bits after the last picture")
		}
	}
	pics := make([][]bool, n)
	for k := range pics {
		pics[k] = make([]bool, pixels)
		for j := range pics[k] {
			i := k*pixels + j
			pics[k][j] = buf[i/8]&(0x80>>(i%8)) != 0
		}
	}
	return pics, nil
}

// shorten cuts s to a length fit for a message.
func shorten(s string) string {
	if len(s) > 16 {
		return s[:16] + "…"
	}
	return s
}
