package lab

import "hebbplay/core/params"

// Driver is a lab that changes its own configuration over time, as a
// person would click (an animated "fill to the limit" that stores more
// patterns after each measurement). The Session asks it on every Tick; a
// new configuration goes through the same path as any change (Configure,
// the permalink).
type Driver interface {
	// Drive is called with the time since the last tick (seconds) and a copy
	// of the configuration; it may change the copy. It reports whether
	// anything changed (the configuration, or only what the lab shows).
	Drive(v *params.Values, dt float64) bool
}

// drive is Tick's Driver part.
func (s *Session) drive(dt float64) bool {
	d, ok := s.Lab.(Driver)
	if !ok {
		return false
	}
	next := s.values.Clone()
	if !d.Drive(&next, dt) {
		return false
	}
	if !next.Equal(s.values) {
		s.apply(next)
	}
	s.seq++
	return true
}
