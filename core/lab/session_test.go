package lab

import (
	"errors"
	"image"
	"image/color"
	"strings"
	"testing"

	"hebbplay/core/params"
)

// counter is a minimal lab: it counts steps up to "max" and refuses max=13,
// so the Session's generic behaviour can be tested without any science.
type counter struct {
	NoCharts
	NoWork
	max, t  int
	clicks  int
	configs int
}

var counterTable = params.NewTable(append([]params.Param{
	{Name: "max", Type: params.Int, Min: 1, Max: 20, Default: "3", Hideable: true, Group: "Run", Help: "Steps per run."},
	{Name: "label", Type: params.Choice, Choices: []string{"a", "b"}, Default: "a"},
}, PlaybackParams()...)...)

func (c *counter) ID() string    { return "counter" }
func (c *counter) Title() string { return "Counter" }
func (c *counter) About() string { return "" }
func (c *counter) PlaybackShowIf() string {
	return ""
}
func (c *counter) Table() *params.Table { return counterTable }
func (c *counter) Actions() []Action    { return []Action{{Name: "bump", Label: "Bump"}} }
func (c *counter) Configure(v params.Values) error {
	if v.Int("max") == 13 {
		return errors.New("unlucky")
	}
	c.max, c.t = v.Int("max"), 0
	c.configs++
	return nil
}
func (c *counter) Act(name string, v *params.Values) (bool, error) {
	if name != "bump" {
		return false, errors.New("no such action")
	}
	v.Set("max", float64(v.Int("max")+1))
	return true, nil
}
func (c *counter) Step() bool {
	if c.t >= c.max {
		return false
	}
	c.t++
	return true
}
func (c *counter) Rewind() { c.t = 0 }
func (c *counter) Views() []View {
	return []View{{ID: "v", Img: NewImage(nil, 2, 2, color.RGBA{})}}
}
func (c *counter) Click(view string, x, y int, v *params.Values) bool {
	c.clicks++
	return x >= 0
}
func (c *counter) Summary() Summary {
	return Summary{Text: "t", Fields: map[string]any{"step": c.t}}
}

func init() {
	Register("counter", func() Lab { return &counter{} })
}

func openCounter(t *testing.T, hash string) (*Session, *counter) {
	t.Helper()
	s, err := Open("lab=counter&" + hash)
	if err != nil {
		t.Fatal(err)
	}
	return s, s.Lab.(*counter)
}

func TestOpen(t *testing.T) {
	tests := []struct {
		hash    string
		max     int
		notices int
		present bool
		hidden  string
	}{
		{"", 3, 0, false, ""},
		{"max=7&autoplay=0", 7, 0, false, ""},
		{"max=13", 3, 1, false, ""}, // the lab refuses: defaults
		{"max=99&big=1&max_hide=1", 20, 1, true, "max"},
		{"v=1&bogus=1", 3, 1, false, ""},
	}
	for _, tc := range tests {
		s, c := openCounter(t, tc.hash)
		if c.max != tc.max || len(s.Notices()) != tc.notices || s.Presentation() != tc.present || strings.Join(s.Hidden(), ",") != tc.hidden {
			t.Errorf("%q: max %d notices %q present %v hidden %v", tc.hash, c.max, s.Notices(), s.Presentation(), s.Hidden())
		}
	}
}

func TestHashAndClassroomLink(t *testing.T) {
	s, _ := openCounter(t, "max=5&big=1&max_hide=1")
	if got, want := s.Hash(), "v=1&lab=counter&max=5&label=a&speed=4&autoplay=1&max_hide=1&big=1"; got != want {
		t.Fatalf("Hash\n got %s\nwant %s", got, want)
	}
	if got := s.ClassroomHash([]string{"speed", "label", "nope"}, false); !strings.HasSuffix(got, "&autoplay=1&speed_hide=1") {
		t.Fatalf("ClassroomHash %s", got)
	}
	s.SetHidden(nil)
	s.SetPresentation(false)
	if strings.Contains(s.Hash(), "hide") || strings.Contains(s.Hash(), "big") {
		t.Fatalf("Hash %s", s.Hash())
	}
}

func TestSetConfig(t *testing.T) {
	s, c := openCounter(t, "autoplay=0")
	seq := s.Seq()
	notes := s.SetConfig(map[string]any{"max": 8.0, "label": "b", "zzz": 1.0})
	if c.max != 8 || s.Values().Choice("label") != "b" || len(notes) != 1 || s.Seq() == seq {
		t.Fatalf("max %d notes %q", c.max, notes)
	}
	// An unchanged configuration does not reconfigure the lab.
	n := c.configs
	s.SetConfig(map[string]any{"max": 8.0})
	if c.configs != n {
		t.Fatal("reconfigured without a change")
	}
	// A configuration the lab refuses is rolled back with a notice.
	s.SetConfig(map[string]any{"max": 13.0})
	if s.Values().Int("max") != 8 || c.max != 8 {
		t.Fatalf("not rolled back: %d", s.Values().Int("max"))
	}
	if !strings.Contains(strings.Join(s.Notices(), " "), "unlucky") {
		t.Fatalf("notices %q", s.Notices())
	}
	s.ClearNotices()
	if len(s.Notices()) != 0 {
		t.Fatal("ClearNotices")
	}
}

func TestActionsAndPlayback(t *testing.T) {
	s, c := openCounter(t, "max=3&speed=10&autoplay=0")
	if s.Playing() {
		t.Fatal("playing without autoplay")
	}
	s.Do(ActStep)
	s.Do(ActStep)
	if c.t != 2 {
		t.Fatalf("t = %d", c.t)
	}
	s.Do(ActReset)
	if c.t != 0 {
		t.Fatal("reset")
	}
	s.Do(ActPlay)
	for i := 0; i < 60 && s.Playing(); i++ {
		s.Tick(0.05)
	}
	if s.Playing() || c.t != 3 {
		t.Fatalf("playback ended at %d, playing %v", c.t, s.Playing())
	}
	s.Do(ActToggle) // at the end: replays from the start
	if !s.Playing() || c.t != 0 {
		t.Fatalf("toggle at the end: t=%d playing=%v", c.t, s.Playing())
	}
	s.Do(ActPause)
	if s.Playing() || s.Tick(1) {
		t.Fatal("pause")
	}
	if err := s.Do("bump"); err != nil || s.Values().Int("max") != 4 || c.max != 4 {
		t.Fatalf("bump: %v", err)
	}
	if err := s.Do("nope"); err == nil {
		t.Fatal("unknown action accepted")
	}
	if !s.Click("v", 1, 1) || s.Click("v", -1, 0) || c.clicks != 2 {
		t.Fatal("clicks")
	}
}

func TestStateAndSchema(t *testing.T) {
	s, _ := openCounter(t, "max=4")
	st := s.State()
	if st.Lab != "counter" || st.Config["max"] != 4 || st.Summary["step"] != 0 || !st.Playing || st.Hidden == nil || st.Notices == nil {
		t.Fatalf("state %+v", st)
	}
	sc := s.Schema()
	if len(sc.Params) != 4 || sc.Actions[0].Name != ActToggle || sc.Actions[len(sc.Actions)-1].Name != "bump" {
		t.Fatalf("schema %+v", sc)
	}
	found := false
	for _, id := range sc.Labs {
		found = found || id == "counter"
	}
	if !found {
		t.Fatal("registry")
	}
	found = false
	for _, in := range sc.LabList {
		found = found || in == Info{ID: "counter", Title: "Counter"}
	}
	if !found || len(sc.LabList) != len(sc.Labs) {
		t.Fatalf("lab list %+v", sc.LabList)
	}
	if sc.About != "" {
		t.Fatalf("a lab without About has help %q", sc.About)
	}
}

func TestDrawHelpers(t *testing.T) {
	if c := DivergingColor(0); c != Diverging[3] {
		t.Errorf("zero maps to %v", c)
	}
	if DivergingColor(-5) != Diverging[0] || DivergingColor(5) != Diverging[6] {
		t.Error("clamping")
	}
	if s := RobustScale([]float32{0, 0, 1, 2, 1e7}, 0.5); s != 2 {
		t.Errorf("RobustScale = %v", s)
	}
	if s := RobustScale(nil, 0.9); s != 1 {
		t.Errorf("RobustScale(nil) = %v", s)
	}
	g := Grid{Rows: 3, Cols: 4, Cell: 5, Gap: 1}
	if g.Size() != image.Pt(25, 19) {
		t.Errorf("size %v", g.Size())
	}
	for u := 0; u < 12; u++ {
		r := g.CellRect(u)
		if got := g.UnitAt(r.Min.Add(image.Pt(2, 2)), 12); got != u {
			t.Errorf("UnitAt(centre of %d) = %d", u, got)
		}
	}
	if g.UnitAt(image.Pt(24, 18), 11) != -1 || g.UnitAt(image.Pt(-1, 0), 12) != -1 {
		t.Error("UnitAt outside")
	}
}

// TestPlaybackChangeKeepsPlaying: changing only how fast a run plays (or
// whether changes start it) goes on playing; any other change starts the
// run as autoplay says (off here).
func TestPlaybackChangeKeepsPlaying(t *testing.T) {
	s, _ := openCounter(t, "max=20&speed=10&autoplay=0")
	s.Do(ActPlay)
	s.SetConfig(map[string]any{"speed": 20.0})
	if !s.Playing() || s.Values().Float("speed") != 20 {
		t.Fatalf("after a speed change: playing %v, speed %g", s.Playing(), s.Values().Float("speed"))
	}
	s.SetConfig(map[string]any{"autoplay": false, "label": "b"})
	if s.Playing() {
		t.Fatal("a change of the run's settings kept playing with autoplay off")
	}
}
