package lab

import (
	"errors"
	"slices"
	"testing"
	"time"
)

// loader is the counter lab with an asset and a background job.
type loader struct {
	counter
	data   []byte
	failed bool
	pct    int64
	slices int
	budget time.Duration
}

func (l *loader) NeedsAssets() []string {
	if l.data != nil || l.failed {
		return nil
	}
	return []string{"a.bin"}
}
func (l *loader) AssetProgress(url string, loaded, total int64) { l.pct = 100 * loaded / total }
func (l *loader) SetAsset(url string, data []byte, err error) {
	l.data, l.failed = data, err != nil
}
func (l *loader) WorkSlice(budget time.Duration) bool {
	l.slices++
	l.budget = budget
	return l.slices%2 == 0
}

func init() { Register("loader", func() Lab { return &loader{} }) }

func TestSessionAssetsAndSlices(t *testing.T) {
	s, err := Open("v=1&lab=loader&autoplay=0")
	if err != nil {
		t.Fatal(err)
	}
	l := s.Lab.(*loader)
	if got := s.NeedsAssets(); !slices.Equal(got, []string{"a.bin"}) {
		t.Fatalf("needs %v", got)
	}
	seq := s.Seq()
	s.AssetProgress("a.bin", 1, 4)
	s.AssetProgress("other.bin", 3, 4) // not waited for: ignored
	if l.pct != 25 || s.Seq() == seq {
		t.Errorf("progress %d, seq %d → %d", l.pct, seq, s.Seq())
	}
	s.SetAsset("a.bin", []byte{1}, nil)
	if len(s.NeedsAssets()) != 0 || len(l.data) != 1 || len(s.Notices()) != 0 {
		t.Errorf("after delivery: needs %v, data %v, notices %v", s.NeedsAssets(), l.data, s.Notices())
	}
	s.SetAsset("a.bin", []byte{2, 2}, nil) // no longer waited for
	if len(l.data) != 1 {
		t.Error("a second delivery replaced the asset")
	}
	// The slices run on every tick, playing or not; their changes count.
	if s.Playing() {
		t.Fatal("playing")
	}
	seq = s.Seq()
	first := s.Tick(0.016)
	second := s.Tick(0.016)
	if l.slices != 2 || first || !second || s.Seq() == seq || l.budget != SliceBudget {
		t.Errorf("slices %d, changes %v %v, budget %v", l.slices, first, second, l.budget)
	}

	// A failed fetch becomes a notice.
	s2, _ := Open("v=1&lab=loader")
	s2.SetAsset("a.bin", nil, errors.New("HTTP status 404"))
	if n := s2.Notices(); len(n) != 1 || len(s2.NeedsAssets()) != 0 {
		t.Errorf("notices %v", n)
	}
	// A lab without assets needs none.
	s3, _ := Open("v=1&lab=counter&autoplay=0")
	if s3.NeedsAssets() != nil || s3.Tick(0.016) {
		t.Error("the counter lab needs assets or works")
	}
}
