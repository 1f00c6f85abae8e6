package main

import (
	"bytes"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	_ "hebbplay/core/jobs"
	"hebbplay/core/lab"
	"hebbplay/core/lab/sparselab"
	"hebbplay/core/sparse/mnist"
)

// syntheticSubset writes a packed subset of easy digits (mnist.Synthetic)
// to a file and returns its bytes and path.
func syntheticSubset(t *testing.T, ntrain, ntest int) ([]byte, string) {
	t.Helper()
	b, err := mnist.SyntheticPacked(ntrain, ntest, rand.New(rand.NewPCG(3, 9)))
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "subset.bin")
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return b, path
}

// finishedSparse opens the Sparse lab at hash with data and lets it train
// for its whole budget in a native worker, a few steps per unit as the
// page's Web Worker gets them.
func finishedSparse(t *testing.T, hash string, data []byte) (*lab.Session, *sparselab.Lab) {
	t.Helper()
	s, err := lab.Open("lab=sparse&autoplay=0&" + hash)
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Notices()) > 0 {
		t.Fatalf("notices opening %q: %v", hash, s.Notices())
	}
	l := s.Lab.(*sparselab.Lab)
	l.SetAsset(sparselab.AssetURL, data, nil)
	for guard := 0; l.Summary().Fields["phase"] != "ready"; guard++ {
		if l.WorkSlice(time.Second); guard > 100 {
			t.Fatalf("data not ready: %v", l.Summary().Text)
		}
	}
	if len(l.Charts().Exports) != 0 {
		t.Fatal("results offered before the run")
	}
	if _, err := l.ExportFile(sparselab.ExportCSV); err == nil {
		t.Fatal("results exported before the run")
	}
	pool := &lab.Pool{Workers: 1, Assets: map[string][]byte{sparselab.AssetURL: data}}
	for guard := 0; guard < 1000; guard++ {
		more := l.Step() && l.Step() && l.Step()
		n, err := pool.Run(l, 1)
		if err != nil {
			t.Fatal(err)
		}
		if n == 0 {
			if !more && !l.Charts().Running {
				break
			}
			time.Sleep(sparselab.SnapshotEvery) // snapshots are rate-bound
		}
	}
	if c := l.Charts(); c.Running || c.Done != c.Total {
		t.Fatalf("run not finished: %d of %d", c.Done, c.Total)
	}
	return s, l
}

// TestExportEqualsCommand: the Sparse lab's results download of a finished
// run is byte for byte the output of its native command line (with -data
// the lab's data), in CSV and in JSON.
func TestExportEqualsCommand(t *testing.T) {
	data, path := syntheticSubset(t, 300, 200)
	for _, hash := range []string{
		"H=20&k=2&examples=900&per_frame=100&test_n=100&seed=4",
		"H=30&k=3&readout=adam&rate=0.01&rbatch=8&examples=700&per_frame=100&test_n=200&seed=11&eta=0.05",
	} {
		s, l := finishedSparse(t, hash, data)
		if c := l.Charts(); len(c.Exports) != 2 || c.Exports[0].Name != sparselab.ExportCSV || c.Exports[1].Name != sparselab.ExportJSON {
			t.Errorf("%s: exports %+v, want results csv and json", hash, c.Exports)
		}
		line := lab.NativeCommand(sparselab.ID, s.Values())
		const cmd = "go run ./scripts/sparse "
		if !strings.HasPrefix(line, cmd) || !strings.Contains(line, " -data "+sparselab.DataFile+" ") {
			t.Fatalf("native line %q", line)
		}
		args := strings.Fields(strings.TrimPrefix(line, cmd))
		for i := range args {
			if args[i] == sparselab.DataFile {
				args[i] = path
			}
		}
		for _, format := range []string{"csv", "json"} {
			got, err := l.ExportFile("results-" + format)
			if err != nil {
				t.Fatalf("%s: %v", hash, err)
			}
			a := append(append([]string{}, args...), "-format", format)
			var out, errb bytes.Buffer
			if code := run(a, &out, &errb); code != 0 {
				t.Fatalf("%v: exit %d: %s", a, code, errb.String())
			}
			if got != out.String() {
				t.Errorf("%s: the page's %s differs from %v:\npage:\n%s\ncommand:\n%s", hash, format, a, got, out.String())
			}
			if format == "csv" && (!strings.Contains(got, "summary,hebbian,accuracy,,") || !strings.Contains(got, "histogram,backprop,zeros,,") || strings.Contains(got, "fewshot")) {
				t.Errorf("%s: CSV lacks the summary or the histograms, or has curves:\n%s", hash, got)
			}
		}
	}
}
