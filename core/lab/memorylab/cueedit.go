package memorylab

import (
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"slices"
	"strconv"
	"strings"

	"hebbplay/core/params"
	"hebbplay/core/pattern"
)

// A cue edited by hand is part of the permalink (lab.LinkState), so that
// "Copy permalink" reproduces exactly the run on screen. The edit is written
// relative to the cue the configuration draws, as
//
//	cueedit=1-<check>-<u1>.<u2>.…
//
// 1 is the format version; check is the CRC-32 (IEEE, base 36) of the drawn
// cue (its shape and active units), so an edit is never applied to another
// cue; u1 < u2 < … are the units (decimal) whose state the edit switched:
// the symmetric difference of the drawn and the edited cue. A modular cue
// must keep one active unit per hypercolumn. Any configuration change that
// draws another cue drops the edit (Configure draws the cue again).

// cueEditKey is the permalink key of a hand-edited cue.
const cueEditKey = "cueedit"

// cueEditVersion is the format version written first in a cueedit value.
const cueEditVersion = "1"

// cueCheck is the check value of a drawn cue.
func cueCheck(s pattern.Shape, drawn pattern.Pattern) string {
	b := []byte(s.String())
	for _, u := range drawn {
		b = binary.LittleEndian.AppendUint32(b, uint32(u))
	}
	return strconv.FormatUint(uint64(crc32.ChecksumIEEE(b)), 36)
}

// symDiff returns the sorted units active in exactly one of a and b (both
// sorted).
func symDiff(a, b pattern.Pattern) []int32 {
	gone, came := pattern.Diff(nil, nil, a, b)
	out := append(gone, came...)
	slices.Sort(out)
	return out
}

// EncodeCueEdit writes the edit that turns the drawn cue into the edited
// one; "" when they are equal.
func EncodeCueEdit(s pattern.Shape, drawn, edited pattern.Pattern) string {
	d := symDiff(drawn, edited)
	if len(d) == 0 {
		return ""
	}
	us := make([]string, len(d))
	for k, u := range d {
		us[k] = strconv.Itoa(int(u))
	}
	return cueEditVersion + "-" + cueCheck(s, drawn) + "-" + strings.Join(us, ".")
}

// DecodeCueEdit applies an encoded edit to the drawn cue and returns the
// edited cue, or an error naming what is wrong (version, check, a unit and
// its limit, the order, a hypercolumn with two active units).
func DecodeCueEdit(s pattern.Shape, drawn pattern.Pattern, text string) (pattern.Pattern, error) {
	parts := strings.Split(text, "-")
	if len(parts) != 3 {
		return nil, fmt.Errorf("expected version-check-units")
	}
	if parts[0] != cueEditVersion {
		return nil, fmt.Errorf("format version %q is unknown (this page reads version %s)", short(parts[0]), cueEditVersion)
	}
	if parts[1] != cueCheck(s, drawn) {
		return nil, fmt.Errorf("it was made for another cue (the patterns or cue settings differ)")
	}
	fields := strings.Split(parts[2], ".")
	if len(fields) > s.N {
		return nil, fmt.Errorf("%d units listed; a net of %d units has at most that many", len(fields), s.N)
	}
	toggles := make([]int32, 0, len(fields))
	for _, f := range fields {
		u, err := strconv.Atoi(f)
		if err != nil || u < 0 || u >= s.N || f != strconv.Itoa(u) {
			return nil, fmt.Errorf("unit %q is not a unit number 0…%d", short(f), s.N-1)
		}
		if n := len(toggles); n > 0 && int32(u) <= toggles[n-1] {
			return nil, fmt.Errorf("units must be listed once each, in increasing order (%d after %d)", u, toggles[n-1])
		}
		toggles = append(toggles, int32(u))
	}
	edited := pattern.Pattern(symDiff(drawn, toggles))
	if s.Kind == pattern.Modular {
		if len(edited) != s.H {
			return nil, fmt.Errorf("a modular cue has one active unit in each of its %d hypercolumns, this edit leaves %d", s.H, len(edited))
		}
		for h, u := range edited {
			if int(u)/s.M != h {
				return nil, fmt.Errorf("hypercolumn %d has no active unit or two", min(h, int(u)/s.M))
			}
		}
	}
	return edited, nil
}

func short(s string) string {
	if len(s) > 12 {
		return s[:12] + "…"
	}
	return s
}

// cueEditLink is the permalink key of the cue's edit, while it is edited
// (see LinkState in pictures.go).
func (l *Lab) cueEditLink() []params.KV {
	if !l.edited || l.net == nil {
		return nil
	}
	return []params.KV{{Key: cueEditKey, Value: EncodeCueEdit(l.shape, l.cue, l.cueNow)}}
}

// ApplyLinkState implements lab.LinkStateApplier: a link's edited cue
// replaces the drawn one and recall runs from it; an edit that cannot be
// used leaves the drawn cue, with a notice.
func (l *Lab) ApplyLinkState(kv map[string]string) []string {
	text, ok := kv[cueEditKey]
	if !ok || l.net == nil {
		return nil
	}
	edited, err := DecodeCueEdit(l.shape, l.cue, text)
	if err != nil {
		return []string{fmt.Sprintf("The hand-edited cue in this link could not be used (%v); showing the cue these settings draw.", err)}
	}
	l.cueNow = append(l.cueNow[:0], edited...)
	l.edited = !pattern.Equal(l.cueNow, l.cue)
	l.recall()
	l.t = 0
	l.dirty = true
	return nil
}
