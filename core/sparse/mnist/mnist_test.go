package mnist

import (
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"math/rand/v2"
	"strings"
	"sync"
	"testing"
)

var (
	loadOnce         sync.Once
	fullTrain, fullT *Set
	loadErr          error
)

// full loads the full data set once per test binary. A missing data set is a
// failure, not a skip: the module is a dependency of this project.
func full(t *testing.T) (train, test *Set) {
	t.Helper()
	loadOnce.Do(func() { fullTrain, fullT, loadErr = Load() })
	if loadErr != nil {
		t.Fatal(loadErr)
	}
	return fullTrain, fullT
}

func TestLoadFull(t *testing.T) {
	train, test := full(t)
	for _, c := range []struct {
		name      string
		set       *Set
		n         int
		label0    int // the first image's label (LeCun's files: 5 and 7)
		labelLast int
	}{
		{"train", train, 60000, 5, 8},
		{"test", test, 10000, 7, 6},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := c.set.Len(); got != c.n {
				t.Fatalf("Len = %d, want %d", got, c.n)
			}
			if got := c.set.Label(0); got != c.label0 {
				t.Errorf("first label = %d, want %d", got, c.label0)
			}
			if got := c.set.Label(c.n - 1); got != c.labelLast {
				t.Errorf("last label = %d, want %d", got, c.labelLast)
			}
			counts := c.set.Counts()
			for d, k := range counts {
				// Each digit is 9–11.3% of either set (LeCun's page).
				if k < c.n*8/100 || k > c.n*12/100 {
					t.Errorf("class %d has %d images, implausible for %d", d, k, c.n)
				}
			}
			var x []float64
			lo, hi := 1.0, 0.0
			for n := 0; n < c.n; n += 97 {
				x = c.set.Image(x, n)
				for _, v := range x {
					lo, hi = min(lo, v), max(hi, v)
				}
			}
			if lo != 0 || hi != 1 {
				t.Errorf("pixel range [%g, %g], want [0, 1]", lo, hi)
			}
		})
	}
	// The first training image (a 5) has ink near its centre and none in
	// its corners.
	x := train.Image(nil, 0)
	if x[0] != 0 || x[Pixels-1] != 0 {
		t.Errorf("corners of image 0 are inked")
	}
	var ink float64
	for _, v := range x {
		ink += v
	}
	if ink < 50 || ink > 200 {
		t.Errorf("image 0 has total ink %g, want a digit's 50–200", ink)
	}
}

func TestReadIDXErrors(t *testing.T) {
	header := func(vals ...uint32) []byte {
		var b bytes.Buffer
		binary.Write(&b, binary.BigEndian, vals)
		return b.Bytes()
	}
	img := append(header(imageMagic, 1, 28, 28), make([]byte, Pixels)...)
	lbl := append(header(labelMagic, 1), 3)
	for _, c := range []struct {
		name     string
		img, lbl []byte
		want     string // substring of the error, "" for success
	}{
		{"ok", img, lbl, ""},
		{"image magic", append(header(labelMagic, 1, 28, 28), make([]byte, Pixels)...), lbl, "magic"},
		{"label magic", img, append(header(imageMagic, 1), 3), "magic"},
		{"size", append(header(imageMagic, 1, 20, 20), make([]byte, 400)...), lbl, "20×20"},
		{"count mismatch", img, append(header(labelMagic, 2), 3, 4), "labels"},
		{"short pixels", img[:100], lbl, "image data"},
		{"bad label", img, append(header(labelMagic, 1), 12), "not a digit"},
	} {
		t.Run(c.name, func(t *testing.T) {
			s, err := ReadIDX(bytes.NewReader(c.img), bytes.NewReader(c.lbl))
			if c.want == "" {
				if err != nil || s.Len() != 1 || s.Label(0) != 3 {
					t.Fatalf("ReadIDX = %v, %v", s, err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("error %v, want one mentioning %q", err, c.want)
			}
		})
	}
}

// synthetic returns a set of n images whose labels cycle 0–9 and whose pixels
// are random bytes from seed.
func synthetic(n int, seed uint64) *Set {
	rnd := rand.New(rand.NewPCG(seed, 0))
	s := &Set{Pixels: make([]byte, n*Pixels), Labels: make([]byte, n)}
	for i := range s.Pixels {
		s.Pixels[i] = byte(rnd.UintN(256))
	}
	for i := range s.Labels {
		s.Labels[i] = byte(i % Classes)
	}
	return s
}

func TestPackRoundTrip(t *testing.T) {
	for _, c := range []struct {
		name     string
		ntr, nte int
		compress bool
	}{
		{"empty", 0, 0, true},
		{"small", 30, 10, true},
		{"raw", 7, 3, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			tr, te := synthetic(c.ntr, 1), synthetic(c.nte, 2)
			var buf bytes.Buffer
			if err := Encode(&buf, tr, te); err != nil {
				t.Fatal(err)
			}
			data := buf.Bytes()
			if !c.compress {
				z, err := gzip.NewReader(bytes.NewReader(data))
				if err != nil {
					t.Fatal(err)
				}
				var raw bytes.Buffer
				raw.ReadFrom(z)
				data = raw.Bytes()
				if got := len(data); got != packHeader+(c.ntr+c.nte)*(1+Pixels) {
					t.Fatalf("payload is %d bytes, want %d", got, packHeader+(c.ntr+c.nte)*(1+Pixels))
				}
			}
			gtr, gte, err := DecodeBytes(data)
			if err != nil {
				t.Fatal(err)
			}
			for _, p := range []struct{ got, want *Set }{{gtr, tr}, {gte, te}} {
				if !bytes.Equal(p.got.Pixels, p.want.Pixels) || !bytes.Equal(p.got.Labels, p.want.Labels) {
					t.Errorf("round trip changed the data")
				}
			}
		})
	}
}

func TestDecodeErrors(t *testing.T) {
	var buf bytes.Buffer
	if err := Encode(&buf, synthetic(3, 1), synthetic(2, 2)); err != nil {
		t.Fatal(err)
	}
	z, _ := gzip.NewReader(bytes.NewReader(buf.Bytes()))
	var rawBuf bytes.Buffer
	rawBuf.ReadFrom(z)
	raw := rawBuf.Bytes()
	mut := func(f func(b []byte) []byte) []byte { return f(append([]byte(nil), raw...)) }
	for _, c := range []struct {
		name string
		data []byte
		want string
	}{
		{"magic", mut(func(b []byte) []byte { b[0] = 'X'; return b }), "magic"},
		{"version", mut(func(b []byte) []byte { b[4] = 9; return b }), "version"},
		{"geometry", mut(func(b []byte) []byte { b[5] = 20; return b }), "20×28"},
		{"truncated", raw[:len(raw)-5], "pixels"},
		{"trailing", append(append([]byte(nil), raw...), 0), "trailing"},
		{"huge", mut(func(b []byte) []byte { b[11] = 0x7f; return b }), "more than"},
		{"label", mut(func(b []byte) []byte { b[packHeader] = 10; return b }), "not a digit"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, _, err := DecodeBytes(c.data)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("error %v, want one mentioning %q", err, c.want)
			}
		})
	}
}

func TestPerClass(t *testing.T) {
	s := synthetic(35, 3) // classes 0–4 have 4 images, 5–9 have 3
	idx, err := s.FirstPerClass(3)
	if err != nil {
		t.Fatal(err)
	}
	if len(idx) != 30 || idx[0] != 0 || idx[29] != 29 {
		t.Errorf("FirstPerClass(3) = %v", idx)
	}
	if _, err := s.FirstPerClass(4); err == nil {
		t.Error("FirstPerClass(4) succeeded with 3 images in class 9")
	}
	sample, err := s.SamplePerClass(2, rand.New(rand.NewPCG(1, 2)))
	if err != nil {
		t.Fatal(err)
	}
	sub := s.Subset(sample)
	if c := sub.Counts(); c != [Classes]int{2, 2, 2, 2, 2, 2, 2, 2, 2, 2} {
		t.Errorf("SamplePerClass counts %v", c)
	}
	seen := map[int]bool{}
	for _, n := range sample {
		if seen[n] {
			t.Errorf("index %d drawn twice", n)
		}
		seen[n] = true
	}
}
