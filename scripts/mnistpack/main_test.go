package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"hebbplay/core/sparse/mnist"
)

func TestPack(t *testing.T) {
	out := filepath.Join(t.TempDir(), "sub", "mnist-subset.bin")
	var stderr bytes.Buffer
	if code := run([]string{"-o", out, "-train", "200", "-test", "100"}, &stderr); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	train, test, err := mnist.DecodeBytes(data)
	if err != nil {
		t.Fatal(err)
	}
	if train.Len() != 200 || test.Len() != 100 {
		t.Fatalf("packed %d+%d images, want 200+100", train.Len(), test.Len())
	}
	for _, s := range []*mnist.Set{train, test} {
		for d, n := range s.Counts() {
			if n != s.Len()/10 {
				t.Errorf("class %d has %d images, want %d", d, n, s.Len()/10)
			}
		}
	}
	if train.Label(0) != 5 { // the first training image is a 5 and is selected
		t.Errorf("first packed label %d, want 5", train.Label(0))
	}
}

func TestBadFlags(t *testing.T) {
	for _, args := range [][]string{
		{"-train", "205"},
		{"-select", "random"},
		{"-test", "-10", "-select", "first"},
		{"-nope"},
		{"extra"},
	} {
		var stderr bytes.Buffer
		if code := run(args, &stderr); code != 2 {
			t.Errorf("%v: exit %d, want 2", args, code)
		}
		if !strings.Contains(stderr.String(), "mnistpack") && !strings.Contains(stderr.String(), "flag") {
			t.Errorf("%v: unclear error %q", args, stderr.String())
		}
	}
}
