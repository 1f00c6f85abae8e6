package lab

import (
	"fmt"
	"slices"
	"time"
)

// AssetUser is implemented by a lab that needs files the frame fetches for
// it, such as a data set too large to compile into the program. Assets are
// loaded lazily: only a lab that is opened asks for them.
//
// The frame (wasm/bridge) asks the Session after every change which assets
// the lab waits for, fetches each URL once from the page's own server
// (relative to the page), reports the progress and hands the bytes over, all
// through the Session's methods of the same names, from the frame's
// goroutine. A lab shows its own "loading" state until then.
type AssetUser interface {
	// NeedsAssets lists the URLs of the assets the lab still waits for,
	// relative to the page (for example "mnist-subset.bin"); it is empty
	// once they have all arrived (or failed).
	NeedsAssets() []string
	// AssetProgress reports that loaded bytes of the asset have arrived, of
	// total (0 when the server did not say).
	AssetProgress(url string, loaded, total int64)
	// SetAsset hands over the asset's bytes, or the error that prevented
	// fetching it. The lab may keep data: the frame does not touch it again.
	SetAsset(url string, data []byte, err error)
}

// SliceWorker is implemented by a lab with work that goes on between frames
// whether or not the animation plays, cut into slices short enough that the
// page never freezes (decoding a data set, computing a costly curve). Unlike
// a [WorkSource], whose work runs in Web Workers, this work runs on the
// page's thread, a slice per frame.
type SliceWorker interface {
	// WorkSlice does a slice of the pending work, taking about budget at
	// most, and reports whether anything visible changed. The Session calls
	// it once per frame tick, after the tick's playback steps.
	WorkSlice(budget time.Duration) bool
}

// SliceBudget is the time per frame tick that the Session offers a
// SliceWorker.
const SliceBudget = 6 * time.Millisecond

// NeedsAssets lists the assets the lab waits for (nil when it needs none).
func (s *Session) NeedsAssets() []string {
	if a, ok := s.Lab.(AssetUser); ok {
		return a.NeedsAssets()
	}
	return nil
}

// waitsFor reports whether the lab still waits for the asset url.
func (s *Session) waitsFor(url string) (AssetUser, bool) {
	a, ok := s.Lab.(AssetUser)
	if !ok || !slices.Contains(a.NeedsAssets(), url) {
		return nil, false
	}
	return a, true
}

// AssetProgress forwards the progress of a fetch to the lab, if it still
// waits for that asset.
func (s *Session) AssetProgress(url string, loaded, total int64) {
	if a, ok := s.waitsFor(url); ok {
		a.AssetProgress(url, loaded, total)
		s.seq++
	}
}

// SetAsset hands a fetched asset (or the fetch's error, which also becomes
// a notice) to the lab, if it still waits for it.
func (s *Session) SetAsset(url string, data []byte, err error) {
	a, ok := s.waitsFor(url)
	if !ok {
		return
	}
	a.SetAsset(url, data, err)
	if err != nil {
		s.notices = append(s.notices, fmt.Sprintf("Could not load %s (%v); reload the page to try again.", url, err))
	}
	s.seq++
}

// workSlice gives a SliceWorker lab its slice of the frame tick.
func (s *Session) workSlice() bool {
	w, ok := s.Lab.(SliceWorker)
	if !ok || !w.WorkSlice(SliceBudget) {
		return false
	}
	s.seq++
	return true
}
