package lab

import (
	"net/url"
	"strings"

	"hebbplay/core/params"
)

// LinkState is implemented by a lab whose permalink carries state that is
// not a parameter (such as patterns drawn by hand). The lab owns the keys
// LinkKeys names; the Session and the Library decode them beside the
// parameters and write them after them.
type LinkState interface {
	// LinkKeys lists the permalink keys the lab owns.
	LinkKeys() []string
	// SetLinkState validates the lab's keys of a link (extra, by key; a
	// missing key means the default) against the link's configuration v and
	// keeps them for the next Configure. It returns a notice for every value
	// it could not use, which it replaces by the default.
	SetLinkState(v params.Values, extra map[string]string) []string
	// LinkState returns the keys to write into the permalink of
	// configuration v, in order; none when v needs none.
	LinkState(v params.Values) []params.KV
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

// SetLinkState hands the lab's own keys of a decoded link to l (see
// [LinkState]) and returns its notices; nothing for a lab without any.
func SetLinkState(l Lab, v params.Values, extra map[string]string) []string {
	if ls, ok := l.(LinkState); ok {
		return ls.SetLinkState(v, extra)
	}
	return nil
}
