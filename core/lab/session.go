package lab

import (
	"fmt"
	"time"

	"hebbplay/core/params"
)

// DefaultLab is the lab a link without "lab=" opens.
const DefaultLab = "memory"

// Frame-level permalink keys, handled by the Session for every lab.
const (
	KeyLab     = "lab"
	KeyPresent = "big"
)

// Generic actions every Session understands, in addition to a lab's own.
const (
	ActStep   = "step"
	ActPlay   = "play"
	ActPause  = "pause"
	ActToggle = "toggle" // play/pause
	ActReset  = "reset"
)

// maxStepsPerTick bounds catch-up after a stalled tab.
const maxStepsPerTick = 4

// Session runs one lab: it holds the configuration, decodes and encodes
// permalinks, applies changes, performs actions and advances playback.
// It is not safe for concurrent use; the frame calls it from one goroutine.
type Session struct {
	Lab     Lab
	values  params.Values
	hidden  []string
	present bool
	playing bool
	acc     float64
	notices []string
	// seq counts state changes (for cheap change detection by the frame).
	seq uint64
	// computeMs is how long the lab took for the last change (Configure, or a
	// click), for the speed measurements.
	computeMs float64
}

// Open starts the lab named in the hash (DefaultLab when absent or
// unknown) with the configuration the hash encodes. It never fails on a
// bad hash: problems become notices.
func Open(hash string) (*Session, error) {
	id := params.PeekExtra(hash, KeyLab)
	var notes []string
	if id == "" {
		id = DefaultLab
	}
	l := New(id)
	if l == nil {
		notes = append(notes, fmt.Sprintf("There is no lab %q; opening %q.", id, DefaultLab))
		l = New(DefaultLab)
		if l == nil {
			return nil, fmt.Errorf("lab: default lab %q is not registered", DefaultLab)
		}
	}
	s := &Session{Lab: l}
	link := l.Table().Decode(hash, LinkKeys(l)...)
	s.values = link.Values
	s.hidden = link.Hidden
	s.tellHidden()
	if p, ok := link.Extra[KeyPresent]; ok {
		s.present = p == "1" || p == "true"
	}
	s.notices = append(notes, link.Notices...)
	s.notices = append(s.notices, SetLinkState(l, s.values, link.Extra)...)
	if err := l.Configure(s.values.Clone()); err != nil {
		// A configuration the lab cannot run: fall back to defaults.
		s.notices = append(s.notices, fmt.Sprintf("These settings could not be used (%v); using the defaults.", err))
		s.values = l.Table().Defaults()
		if err := l.Configure(s.values.Clone()); err != nil {
			return nil, err
		}
	} else {
		s.notices = append(s.notices, ApplyLinkState(l, link.Extra)...)
	}
	s.startRun()
	return s, nil
}

// Values returns a copy of the current configuration.
func (s *Session) Values() params.Values { return s.values.Clone() }

// Hidden lists the classroom-hidden controls in table order.
func (s *Session) Hidden() []string { return append([]string(nil), s.hidden...) }

// Presentation reports whether large-text presentation mode is on.
func (s *Session) Presentation() bool { return s.present }

// Playing reports whether the animation runs.
func (s *Session) Playing() bool { return s.playing }

// Notices returns the messages for the visitor collected so far.
func (s *Session) Notices() []string { return append([]string(nil), s.notices...) }

// AddNotice adds a message for the visitor.
func (s *Session) AddNotice(msg string) {
	s.notices = append(s.notices, msg)
	s.seq++
}

// Touch marks the session's state as changed, so that the frame publishes
// it again: for changes the lab made on its own (background work results).
func (s *Session) Touch() { s.seq++ }

// ClearNotices forgets the notices (the visitor dismissed them).
func (s *Session) ClearNotices() {
	if len(s.notices) > 0 {
		s.notices = nil
		s.seq++
	}
}

// Seq changes whenever anything visible changes.
func (s *Session) Seq() uint64 { return s.seq }

// Hash is the permalink of the current state, without '#'.
func (s *Session) Hash() string {
	extra := []params.KV{{Key: KeyLab, Value: s.Lab.ID()}}
	h := AppendLinkState(s.Lab.Table().Encode(s.values, s.hidden, extra...), s.Lab, s.values)
	if s.present {
		h += "&" + KeyPresent + "=1"
	}
	return h
}

// ClassroomHash is the permalink with the given controls hidden (and
// presentation mode as given), leaving the session unchanged.
func (s *Session) ClassroomHash(hide []string, present bool) string {
	t := s.Lab.Table()
	h := AppendLinkState(t.Encode(s.values, t.HiddenSorted(hide), params.KV{Key: KeyLab, Value: s.Lab.ID()}), s.Lab, s.values)
	if present {
		h += "&" + KeyPresent + "=1"
	}
	return h
}

// SetConfig applies a partial configuration given as JSON-like values by
// parameter name (as sent by the panel or a script). Each value is validated
// and clamped; problems become notices and leave that parameter unchanged.
// Keys are applied in table order so the result does not depend on map order.
func (s *Session) SetConfig(partial map[string]any) []string {
	next, notes := s.values.SetPartial(partial)
	s.apply(next)
	s.notices = append(s.notices, notes...)
	if len(notes) > 0 {
		s.seq++
	}
	return notes
}

// apply installs a new configuration; it restarts the run when it changed.
func (s *Session) apply(next params.Values) {
	if next.Equal(s.values) {
		return
	}
	prev := s.values
	s.values = next
	start := time.Now()
	err := s.Lab.Configure(next.Clone())
	s.computeMs = float64(time.Since(start).Microseconds()) / 1000
	if err != nil {
		s.notices = append(s.notices, fmt.Sprintf("Could not apply the change (%v); keeping the previous settings.", err))
		s.values = prev
		_ = s.Lab.Configure(prev.Clone())
	}
	// How fast a run plays, and whether changes start it, belong to the
	// frame (PlaybackParams): changing only those goes on with the run as
	// it is, playing or not.
	if err == nil && !next.Differs(prev, s.Lab.Table().NamesExcept(playbackNames...)...) {
		s.seq++
		return
	}
	s.startRun()
}

// playbackNames are the frame's PlaybackParams.
var playbackNames = []string{"speed", "autoplay"}

// startRun is called after a (re)configuration: a new run starts at its
// first step and plays if the lab's "autoplay" parameter says so.
func (s *Session) startRun() {
	s.acc = 0
	s.playing = s.values.Has("autoplay") && s.values.Bool("autoplay")
	s.seq++
}

// SetHidden replaces the set of classroom-hidden controls.
func (s *Session) SetHidden(names []string) {
	s.hidden = s.Lab.Table().HiddenSorted(names)
	s.tellHidden()
	s.seq++
}

// tellHidden hands the hidden controls to a [HiddenUser] lab.
func (s *Session) tellHidden() {
	if h, ok := s.Lab.(HiddenUser); ok {
		h.SetHidden(append([]string{}, s.hidden...))
	}
}

// SetPresentation turns large-text presentation mode on or off.
func (s *Session) SetPresentation(on bool) {
	if s.present != on {
		s.present = on
		s.seq++
	}
}

// Do performs a generic action (step, play, pause, toggle, reset) or one of
// the lab's own actions.
func (s *Session) Do(name string) error {
	switch name {
	case ActStep:
		s.playing = false
		s.Lab.Step()
	case ActPlay:
		s.play()
	case ActPause:
		s.playing = false
	case ActToggle:
		if s.playing {
			s.playing = false
		} else {
			s.play()
		}
	case ActReset:
		s.playing = false
		s.Lab.Rewind()
	default:
		next := s.values.Clone()
		changed, err := s.Lab.Act(name, &next)
		if err != nil {
			return err
		}
		if !next.Equal(s.values) {
			s.apply(next)
		} else if changed {
			s.startRun()
		}
	}
	s.seq++
	return nil
}

// play starts playback; at the end of a run it first rewinds, so Play
// after a finished run replays it.
func (s *Session) play() {
	if !s.Lab.Step() {
		s.Lab.Rewind()
	} else {
		// The first step is taken now, so playing reacts at once.
		s.acc = 0
	}
	s.playing = true
}

// Click forwards a click on a view to the lab.
func (s *Session) Click(view string, x, y int) bool {
	next := s.values.Clone()
	start := time.Now()
	changed := s.Lab.Click(view, x, y, &next)
	s.computeMs = float64(time.Since(start).Microseconds()) / 1000
	return s.afterEdit(next, changed)
}

// afterEdit finishes an edit on a view (a click or a drag): a changed
// configuration is applied as any setting is; a change of the lab's own
// state alone (an edited cue) stops playback and is published.
func (s *Session) afterEdit(next params.Values, changed bool) bool {
	if !next.Equal(s.values) {
		s.apply(next)
		return true
	}
	if changed {
		s.playing = false
		s.seq++
	}
	return changed
}

// Tick advances playback by dt seconds of wall time, then gives an
// [Driver] lab its turn and an [AssetUser] lab its slice of unpacking. It reports whether anything changed
// (so the frame knows to redraw).
func (s *Session) Tick(dt float64) bool {
	changed := s.advance(dt)
	changed = s.drive(dt) || changed
	return s.workSlice() || changed
}

// advance is Tick's playback part.
func (s *Session) advance(dt float64) bool {
	if !s.playing {
		return false
	}
	speed := 4.0
	if s.values.Has("speed") {
		speed = s.values.Float("speed")
	}
	s.acc += dt * speed
	changed := false
	for n := 0; s.acc >= 1 && n < maxStepsPerTick; n++ {
		s.acc--
		if !s.Lab.Step() {
			s.playing = false
			s.acc = 0
			break
		}
		changed = true
	}
	if s.acc > 1 {
		s.acc = 1
	}
	if changed || !s.playing {
		s.seq++
		return true
	}
	return false
}

// State is everything the panel and scripts see, as plain values. The js
// tags name the fields of the JavaScript object.
type State struct {
	Lab          string         `js:"lab"`
	Title        string         `js:"title"`
	Config       map[string]any `js:"config"`
	Hash         string         `js:"hash"`
	Permalink    string         `js:"permalink"`
	Hidden       []string       `js:"hidden"`
	Presentation bool           `js:"presentation"`
	Playing      bool           `js:"playing"`
	Notices      []string       `js:"notices"`
	Summary      map[string]any `js:"summary"`
	SummaryText  string         `js:"summaryText"`
	Seq          int            `js:"seq"`
	// ComputeMs is the time the lab took for the last change, in ms.
	ComputeMs float64 `js:"computeMs"`
	// Native is the command line that runs the configuration natively
	// ([NativeCommand]); empty for a lab without one and while a classroom
	// link hides controls.
	Native string `js:"native"`
}

// State returns a snapshot of the session. Slices are never nil.
func (s *Session) State() State {
	sum := s.Lab.Summary()
	fields := map[string]any{}
	for k, v := range sum.Fields {
		fields[k] = v
	}
	return State{
		Lab:          s.Lab.ID(),
		Title:        s.Lab.Title(),
		Config:       s.values.Map(),
		Hash:         s.Hash(),
		Permalink:    "#" + s.Hash(),
		Hidden:       append([]string{}, s.hidden...),
		Presentation: s.present,
		Playing:      s.playing,
		Notices:      append([]string{}, s.notices...),
		Summary:      fields,
		SummaryText:  sum.Text,
		Seq:          int(s.seq),
		ComputeMs:    s.computeMs,
		Native:       s.native(),
	}
}

// native is the lab's native command line for the current configuration,
// or "" while a classroom link hides controls: the command names every
// value, hidden ones included.
func (s *Session) native() string {
	if len(s.hidden) > 0 {
		return ""
	}
	if n, ok := s.Lab.(Native); ok {
		return NativeLine(n, s.values)
	}
	return ""
}

// Schema describes the lab for the panel: its parameters and actions.
type Schema struct {
	Lab     string               `js:"lab"`
	Title   string               `js:"title"`
	Params  []params.SchemaParam `js:"params"`
	Actions []Action             `js:"actions"`
	Labs    []string             `js:"labs"`
	// LabList names every registered lab with its title (the lab switcher).
	LabList []Info `js:"labList"`
	// About is the lab's help text (Lab.About; "" when the lab has none).
	About string `js:"about"`
}

// Schema returns the description the panel generates its controls from.
// The generic actions come first, then the lab's own.
func (s *Session) Schema() Schema {
	acts := []Action{
		{Name: ActToggle, Label: "Play / pause", Help: "Run the animation at the chosen speed, or stop it.", Key: "Space"},
		{Name: ActStep, Label: "Step", Help: "Advance the animation by one step.", Key: "→"},
		{Name: ActReset, Label: "Reset", Help: "Go back to the first step of the current run.", Key: "Home"},
	}
	for i := range acts {
		acts[i].ShowIf = s.Lab.PlaybackShowIf()
	}
	acts = append(acts, s.Lab.Actions()...)
	return Schema{
		Lab: s.Lab.ID(), Title: s.Lab.Title(),
		Params: s.Lab.Table().Schema(), Actions: acts, Labs: IDs(),
		LabList: Labs(), About: s.Lab.About(),
	}
}
