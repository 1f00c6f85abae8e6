package lab

import "hebbplay/core/params"

// LinkState is an optional part of a [Lab]: state beyond its parameter
// table that a permalink must carry so that the link reproduces exactly the
// run on screen (a cue edited by hand). The Session writes it after the
// table's values (and the hide flags) and, when it opens a link, hands it to
// the lab after configuring it with the link's values.
type LinkState interface {
	// LinkKeys names the permalink keys the lab reads; none is a parameter's
	// name or a frame key.
	LinkKeys() []string
	// LinkState returns the keys and values of the current state, in order;
	// none when there is nothing beyond the table.
	LinkState() []params.KV
	// SetLinkState applies the lab's keys of a link (only those present),
	// after Configure with the link's values. A value it cannot use is
	// ignored, with a notice for the visitor in the result.
	SetLinkState(kv map[string]string) []string
}

// linkKeys are the permalink keys of a LinkState lab (none for others).
func linkKeys(l Lab) []string {
	if ls, ok := l.(LinkState); ok {
		return ls.LinkKeys()
	}
	return nil
}

// linkSuffix is "&key=value…" for the lab's link state ("" for none).
func linkSuffix(l Lab) string {
	ls, ok := l.(LinkState)
	if !ok {
		return ""
	}
	var out string
	for _, kv := range ls.LinkState() {
		out += "&" + kv.Key + "=" + kv.Value
	}
	return out
}

// applyLinkState hands a decoded link's lab keys to the lab.
func applyLinkState(l Lab, extra map[string]string) []string {
	ls, ok := l.(LinkState)
	if !ok {
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
	return ls.SetLinkState(kv)
}

// LinkKeys are the permalink keys of lab l's link state (none for a lab
// without [LinkState]): the keys a decoder of l's permalinks must accept.
func LinkKeys(l Lab) []string { return linkKeys(l) }

// LinkStateSuffix checks the lab keys of a decoded permalink (extra, from
// [params.Table.Decode] with [LinkKeys]) against the configuration v in a
// fresh lab of l's kind, and returns them in their canonical form as the
// suffix a permalink carries after the table's values ("&cueedit=…"; ""
// for none), or the problems found, for visitors (the Library's import).
func LinkStateSuffix(l Lab, v params.Values, extra map[string]string) (string, []string) {
	found := false
	for _, k := range linkKeys(l) {
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
	if err := fresh.Configure(v.Clone()); err != nil {
		return "", []string{err.Error()}
	}
	if notes := applyLinkState(fresh, extra); len(notes) > 0 {
		return "", notes
	}
	return linkSuffix(fresh), nil
}
