package memorylab

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"hebbplay/core/lab"
	"hebbplay/core/memory"
)

func open(t testing.TB, hash string) *lab.Session {
	t.Helper()
	s, err := lab.Open(hash)
	if err != nil {
		t.Fatal(err)
	}
	if s.Lab.ID() != ID {
		t.Fatalf("opened lab %q", s.Lab.ID())
	}
	return s
}

// pixels concatenates all view images, so two states can be compared.
func pixels(s *lab.Session) []byte {
	var b bytes.Buffer
	for _, v := range s.Lab.Views() {
		fmt.Fprintf(&b, "%s %v|", v.ID, v.Img.Bounds())
		b.Write(v.Img.Pix)
		for _, c := range v.Caption {
			b.WriteString(c.Text)
		}
	}
	return b.Bytes()
}

func TestTableRoundTrip(t *testing.T) {
	for _, err := range Table().CheckRoundTrip() {
		t.Error(err)
	}
}

func TestEveryConfigurationRuns(t *testing.T) {
	var hashes []string
	for _, r := range memory.Rules {
		for _, net := range []string{"kind=modular&H=6&M=5", "kind=kofn&N=49&K=5"} {
			for _, mode := range []string{"storage", "prototype&ninst=3&nflip_train=1.5"} {
				for _, w := range []string{"support", "weights", "unit&unit=7"} {
					hashes = append(hashes, fmt.Sprintf("v=1&rule=%s&%s&mode=%s&wview=%s&nflip=2&update=async", r.ID, net, mode, w))
				}
			}
		}
	}
	for _, h := range hashes {
		s := open(t, h)
		if n := s.Notices(); len(n) > 0 {
			t.Errorf("%s: notices %q", h, n)
		}
		vs := s.Lab.Views()
		if len(vs) != 4 {
			t.Fatalf("%s: %d views", h, len(vs))
		}
		for _, v := range vs {
			if v.Img == nil || v.Img.Bounds().Empty() || v.Title == "" {
				t.Errorf("%s: view %s empty", h, v.ID)
			}
		}
		sum := s.State().Summary
		for _, k := range []string{"correct", "overlap", "iterations", "step", "steps", "cue", "state"} {
			if _, ok := sum[k]; !ok {
				t.Errorf("%s: summary lacks %s", h, k)
			}
		}
	}
}

func TestSameLinkSameRun(t *testing.T) {
	h := "v=1&lab=memory&rule=willshaw&npat=20&nflip=4&seed=7&cue=3"
	a, b := open(t, h), open(t, h)
	if !bytes.Equal(pixels(a), pixels(b)) {
		t.Fatal("same link, different pictures")
	}
	if a.Hash() != b.Hash() || !strings.Contains(a.Hash(), "seed=7") {
		t.Fatalf("hash %s", a.Hash())
	}
	// Reopening from the written permalink gives the same run again.
	c := open(t, a.Hash())
	if !bytes.Equal(pixels(a), pixels(c)) {
		t.Fatal("permalink does not reproduce the run")
	}
}

func TestStoreOneMoreMatchesFreshLink(t *testing.T) {
	for _, mode := range []string{"storage", "prototype"} {
		s := open(t, "v=1&npat=5&autoplay=0&mode="+mode)
		watched := s.State().Summary["target"].(int)
		if err := s.Do("store"); err != nil {
			t.Fatal(err)
		}
		if got := s.Values().Int("npat"); got != 6 {
			t.Fatalf("npat = %d", got)
		}
		if s.Values().Int("target") != watched {
			t.Fatalf("store one more should keep the watched pattern #%d, target %d", watched, s.Values().Int("target"))
		}
		// Shrink and grow again: must still match a fresh link.
		s.SetConfig(map[string]any{"npat": 3.0})
		s.SetConfig(map[string]any{"npat": 6.0, "target": 5.0})
		fresh := open(t, s.Hash())
		if !bytes.Equal(pixels(s), pixels(fresh)) {
			t.Fatalf("%s: incremental store differs from a fresh link", mode)
		}
	}
}

func TestStepThroughTrajectory(t *testing.T) {
	s := open(t, "v=1&npat=10&nflip=5&autoplay=0")
	st := s.State().Summary
	steps := st["steps"].(int)
	if st["step"].(int) != 0 || steps < 1 {
		t.Fatalf("start: %v", st)
	}
	first := pixels(s)
	for i := 1; i <= steps; i++ {
		s.Do(lab.ActStep)
		if got := s.State().Summary["step"].(int); got != i {
			t.Fatalf("after %d steps at %d", i, got)
		}
	}
	if bytes.Equal(first, pixels(s)) {
		t.Fatal("stepping did not change the pictures")
	}
	s.Do(lab.ActStep) // at the end: nothing changes
	if got := s.State().Summary["step"].(int); got != steps {
		t.Fatalf("stepped past the end: %d", got)
	}
	s.Do(lab.ActReset)
	if got := s.State().Summary["step"].(int); got != 0 {
		t.Fatalf("reset to %d", got)
	}
	if !bytes.Equal(first, pixels(s)) {
		t.Fatal("reset does not restore the first picture")
	}
}

func TestPlayback(t *testing.T) {
	s := open(t, "v=1&npat=10&nflip=5&speed=10")
	if !s.Playing() {
		t.Fatal("autoplay should start playing")
	}
	steps := s.State().Summary["steps"].(int)
	for i := 0; i < 100 && s.Playing(); i++ {
		s.Tick(1.0 / 60)
	}
	if s.Playing() || s.State().Summary["step"].(int) != steps {
		t.Fatalf("playback did not reach the end: %v", s.State().Summary)
	}
	s.Do(lab.ActToggle) // replay from the start
	if !s.Playing() {
		t.Fatal("toggle did not start playing")
	}
}

func TestClickEditsCue(t *testing.T) {
	tests := []struct {
		hash string
		unit int
	}{
		{"v=1&H=8&M=8&autoplay=0", 8*3 + 5},
		{"v=1&kind=kofn&N=64&K=6&autoplay=0", 17},
	}
	for _, tc := range tests {
		s := open(t, tc.hash)
		l := s.Lab.(*Lab)
		s.Lab.Views()
		before := fmt.Sprint(s.State().Summary["cue"])
		r := l.cueGrid.CellRect(tc.unit)
		if !s.Click("cue", r.Min.X+r.Dx()/2, r.Min.Y+r.Dy()/2) {
			t.Fatalf("%s: click ignored", tc.hash)
		}
		cue := s.State().Summary["cue"].([]any)
		found := false
		for _, u := range cue {
			found = found || u.(int) == tc.unit
		}
		after := fmt.Sprint(cue)
		if before == after {
			t.Fatalf("%s: cue unchanged", tc.hash)
		}
		if l.shape.Kind == 0 && !found {
			t.Fatalf("%s: unit %d not active after click: %v", tc.hash, tc.unit, cue)
		}
		if s.Click("cue", -5, -5) {
			t.Fatal("click outside the grid changed something")
		}
	}
}

func TestClickGallerySetsTarget(t *testing.T) {
	s := open(t, "v=1&npat=12&autoplay=0")
	s.Lab.Views()
	l := s.Lab.(*Lab)
	it := l.gallery.items[7]
	s.Click("memories", it.rect.Min.X+1, it.rect.Min.Y+1)
	if s.Values().Int("target") != 7 || s.State().Summary["target"].(int) != 7 {
		t.Fatalf("target %d", s.Values().Int("target"))
	}
}

func TestConstraints(t *testing.T) {
	s := open(t, "v=1&kind=kofn&N=20&K=30&nflip=50&target=40&npat=5")
	v := s.Values()
	if v.Int("K") != 19 || v.Int("nflip") != 1 || v.Int("target") != 4 {
		t.Fatalf("constraints: %v", v.Map())
	}
	if len(s.Notices()) == 0 {
		t.Fatal("no notices for clamped values")
	}
}

func TestBadLinkStillWorks(t *testing.T) {
	s := open(t, "#v=99&rule=nonsense&H=%%&npat=abc&zzz=1&lab=memory")
	if len(s.Notices()) < 3 {
		t.Fatalf("notices %q", s.Notices())
	}
	if s.Values().Choice("rule") != "bcpnn" || len(s.Lab.Views()) != 4 {
		t.Fatal("defaults not used")
	}
	s2 := open(t, "lab=nosuchlab")
	if len(s2.Notices()) != 1 {
		t.Fatalf("notices %q", s2.Notices())
	}
}

func TestCapacityShowsInVerdict(t *testing.T) {
	// Far beyond capacity, Hebb fails; with a few patterns BCPNN succeeds.
	few := open(t, "v=1&rule=bcpnn&npat=5&nflip=2")
	if few.State().Summary["correct"] != true {
		t.Fatalf("bcpnn with 5 patterns: %s", few.State().SummaryText)
	}
	many := open(t, "v=1&rule=hebb&npat=300&nflip=4")
	if many.State().Summary["correct"] != false {
		t.Fatalf("hebb with 300 patterns: %s", many.State().SummaryText)
	}
}

// TestNewCueAt32x32 runs what BenchmarkNewCue32x32 times: new cues at
// 32×32 with 300 stored patterns, each redrawing every view. Each new cue
// changes the pictures, and the state reached equals the one its permalink
// opens.
func TestNewCueAt32x32(t *testing.T) {
	s := open(t, "v=1&H=32&M=32&npat=300&nflip=8&autoplay=0")
	prev := pixels(s)
	for i := 0; i < 3; i++ {
		cue := s.Values().Int("cue")
		if err := s.Do("newcue"); err != nil {
			t.Fatal(err)
		}
		if got := s.Values().Int("cue"); got != cue+1 {
			t.Fatalf("new cue: cue %d → %d", cue, got)
		}
		now := pixels(s)
		if bytes.Equal(now, prev) {
			t.Fatalf("cue %d: the views did not change", cue+1)
		}
		prev = now
	}
	if !bytes.Equal(prev, pixels(open(t, s.Hash()))) {
		t.Error("the permalink after three new cues opens different pictures")
	}
}

// BenchmarkNewCue32x32 measures the playground's speed target: a new cue at
// 32×32 with 300 stored patterns (recall plus redrawing every view) should
// take well under a 16 ms frame natively, as WebAssembly is about 2–3×
// slower.
func BenchmarkNewCue32x32(b *testing.B) {
	s := open(b, "v=1&H=32&M=32&npat=300&nflip=8&autoplay=0")
	for b.Loop() {
		s.Do("newcue")
		s.Lab.Views()
	}
}
