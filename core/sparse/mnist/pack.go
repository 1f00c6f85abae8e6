package mnist

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
)

// The subset asset for the browser is a gzip stream (RFC 1952, which carries
// its own CRC-32) of this payload, all integers little-endian:
//
//	offset  size        field
//	0       4           magic "HPMN"
//	4       1           format version, 1
//	5       1           rows, 28
//	6       1           columns, 28
//	7       1           classes, 10
//	8       4           uint32 number of training images, Ntr
//	12      4           uint32 number of test images, Nte
//	16      Ntr         training labels, one byte 0–9 each
//	…       Ntr·784     training pixels, uint8, image after image, row-major,
//	                    0 background to 255 ink (MNIST's own bytes)
//	…       Nte         test labels
//	…       Nte·784     test pixels
//
// Decode also accepts the payload without gzip. 2 000 training and 1 000
// test images make a 2.4 MB payload that gzip shrinks to about 0.4 MB.
const (
	packMagic   = "HPMN"
	packVersion = 1
	packHeader  = 16
	// maxPacked bounds the image counts a header may claim, so a corrupt
	// header cannot trigger a huge allocation; MNIST has 70 000 images.
	maxPacked = 1 << 20
)

// Encode writes train and test to w in the subset format above, gzip
// compressed at the best compression level.
func Encode(w io.Writer, train, test *Set) error {
	for _, s := range []*Set{train, test} {
		if err := s.Validate(); err != nil {
			return err
		}
	}
	z, err := gzip.NewWriterLevel(w, gzip.BestCompression)
	if err != nil {
		return err
	}
	var h [packHeader]byte
	copy(h[:4], packMagic)
	h[4], h[5], h[6], h[7] = packVersion, Rows, Cols, Classes
	binary.LittleEndian.PutUint32(h[8:], uint32(train.Len()))
	binary.LittleEndian.PutUint32(h[12:], uint32(test.Len()))
	for _, b := range [][]byte{h[:], train.Labels, train.Pixels, test.Labels, test.Pixels} {
		if _, err := z.Write(b); err != nil {
			return err
		}
	}
	return z.Close()
}

// Decode reads a subset written by Encode (gzip compressed or not).
func Decode(r io.Reader) (train, test *Set, err error) {
	br := bufio.NewReader(r)
	if sig, err := br.Peek(2); err == nil && sig[0] == 0x1f && sig[1] == 0x8b {
		z, err := gzip.NewReader(br)
		if err != nil {
			return nil, nil, fmt.Errorf("mnist: subset: %w", err)
		}
		defer z.Close()
		return decodePayload(z)
	}
	return decodePayload(br)
}

// DecodeBytes decodes a subset held in memory, as fetched by a browser.
func DecodeBytes(b []byte) (train, test *Set, err error) {
	return Decode(bytes.NewReader(b))
}

// decodePayload reads the uncompressed payload.
func decodePayload(r io.Reader) (train, test *Set, err error) {
	var h [packHeader]byte
	if _, err := io.ReadFull(r, h[:]); err != nil {
		return nil, nil, fmt.Errorf("mnist: subset header: %w", err)
	}
	if string(h[:4]) != packMagic {
		return nil, nil, errors.New("mnist: not a packed MNIST subset (bad magic)")
	}
	if h[4] != packVersion {
		return nil, nil, fmt.Errorf("mnist: subset format version %d, want %d", h[4], packVersion)
	}
	if h[5] != Rows || h[6] != Cols || h[7] != Classes {
		return nil, nil, fmt.Errorf("mnist: subset of %d×%d images in %d classes, want %d×%d in %d", h[5], h[6], h[7], Rows, Cols, Classes)
	}
	ntr := binary.LittleEndian.Uint32(h[8:])
	nte := binary.LittleEndian.Uint32(h[12:])
	if ntr > maxPacked || nte > maxPacked {
		return nil, nil, fmt.Errorf("mnist: subset header claims %d+%d images, more than %d", ntr, nte, maxPacked)
	}
	read := func(n int) (*Set, error) {
		s := &Set{Labels: make([]byte, n), Pixels: make([]byte, n*Pixels)}
		if _, err := io.ReadFull(r, s.Labels); err != nil {
			return nil, fmt.Errorf("mnist: subset labels: %w", err)
		}
		if _, err := io.ReadFull(r, s.Pixels); err != nil {
			return nil, fmt.Errorf("mnist: subset pixels: %w", err)
		}
		return s, s.Validate()
	}
	if train, err = read(int(ntr)); err != nil {
		return nil, nil, err
	}
	if test, err = read(int(nte)); err != nil {
		return nil, nil, err
	}
	var extra [1]byte
	if n, _ := r.Read(extra[:]); n != 0 {
		return nil, nil, errors.New("mnist: subset has trailing bytes")
	}
	return train, test, nil
}
