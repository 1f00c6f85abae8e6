package lab

import (
	"net/url"
	"strings"

	"hebbplay/core/params"
)

// LinkState is an optional part of a [Lab]: state beyond its parameter
// table that a permalink must carry so that the link reproduces exactly the
// run on screen (patterns drawn by hand, a cue edited by hand). The lab owns
// the keys LinkKeys names; the Session and the Library decode them beside
// the parameters and write them after the table's values.
type LinkState interface {
	// LinkKeys lists the permalink keys the lab owns; none is a parameter's
	// name or a frame key.
	LinkKeys() []string
	// SetLinkState validates the lab's keys of a link (extra, by key; a
	// missing key means the default) against the link's configuration v,
	// before the lab is configured with v, and keeps them for Configure (and
	// for ApplyLinkState). It returns a notice for every value it could not
	// use, which it replaces by the default.
	SetLinkState(v params.Values, extra map[string]string) []string
	// LinkState returns the keys to write into the permalink of the current
	// state, whose configuration is v, in order; none when it needs none.
	LinkState(v params.Values) []params.KV
}

// LinkStateApplier is an optional part of a [LinkState] lab: state that
// depends on what Configure made (a hand edit of the cue the configuration
// draws). ApplyLinkState is called after a successful Configure with the
// link's values, with the lab's keys present in the link (never empty); a
// value it cannot use is ignored, with a notice in the result.
type LinkStateApplier interface {
	ApplyLinkState(kv map[string]string) []string
}

// LinkKeys lists the permalink keys besides the parameters that a link of
// lab l may hold: the frame's own (KeyLab, KeyPresent) and the lab's
// ([LinkState]).
func LinkKeys(l Lab) []string {
	keys := []string{KeyLab, KeyPresent}
	if ls, ok := l.(LinkState); ok {
		keys = append(keys, ls.LinkKeys()...)
	}
	return keys
}

// AppendLinkState appends the lab's own keys for configuration v (see
// [LinkState]) to the permalink text h.
func AppendLinkState(h string, l Lab, v params.Values) string {
	ls, ok := l.(LinkState)
	if !ok {
		return h
	}
	var b strings.Builder
	b.WriteString(h)
	for _, kv := range ls.LinkState(v) {
		b.WriteByte('&')
		b.WriteString(url.QueryEscape(kv.Key))
		b.WriteByte('=')
		b.WriteString(url.QueryEscape(kv.Value))
	}
	return b.String()
}

// SetLinkState hands the lab's own keys of a decoded link to l before it is
// configured (see [LinkState]) and returns its notices; nothing for a lab
// without any.
func SetLinkState(l Lab, v params.Values, extra map[string]string) []string {
	if ls, ok := l.(LinkState); ok {
		return ls.SetLinkState(v, extra)
	}
	return nil
}

// ApplyLinkState hands the lab's own keys present in a decoded link to l
// after it was configured (see [LinkStateApplier]) and returns its notices.
func ApplyLinkState(l Lab, extra map[string]string) []string {
	ls, ok := l.(LinkState)
	ap, ok2 := l.(LinkStateApplier)
	if !ok || !ok2 {
		return nil
	}
	kv := map[string]string{}
	for _, k := range ls.LinkKeys() {
		if v, ok := extra[k]; ok {
			kv[k] = v
		}
	}
	if len(kv) == 0 {
		return nil
	}
	return ap.ApplyLinkState(kv)
}

// LinkStateSuffix checks the lab keys of a decoded permalink (extra, from
// [params.Table.Decode] with [LinkKeys]) against the configuration v in a
// fresh lab of l's kind, and returns them in their canonical form as the
// suffix a permalink carries after the table's values ("&cueedit=…"; ""
// for none), or the problems found, for visitors (the Library's import).
func LinkStateSuffix(l Lab, v params.Values, extra map[string]string) (string, []string) {
	ls, ok := l.(LinkState)
	if !ok {
		return "", nil
	}
	found := false
	for _, k := range ls.LinkKeys() {
		_, ok := extra[k]
		found = found || ok
	}
	if !found {
		return "", nil
	}
	fresh := New(l.ID())
	if fresh == nil {
		return "", []string{"lab " + l.ID() + " is not registered"}
	}
	if notes := SetLinkState(fresh, v, extra); len(notes) > 0 {
		return "", notes
	}
	if err := fresh.Configure(v.Clone()); err != nil {
		return "", []string{err.Error()}
	}
	if notes := ApplyLinkState(fresh, extra); len(notes) > 0 {
		return "", notes
	}
	return AppendLinkState("", fresh, v), nil
}
