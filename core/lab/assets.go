package lab

import (
	"fmt"
	"slices"
	"time"
)

// AssetUser is the optional part of a lab that needs files the frame
// fetches for it, such as a data set too large to compile into the program.
// Assets are loaded lazily: only a lab that is opened asks for them.
//
// The frame (wasm/bridge) asks the Session after every change which assets
// the lab waits for, fetches each URL once from the page's own server
// (relative to the page), reports the progress and hands the bytes over, all
// through the Session's methods of the same names, from the frame's
// goroutine. A lab shows its own "loading" state until then.
//
// Unpacking a large asset must not freeze the page, and the lab needs the
// result on the page's thread (its views show the data), so the lab unpacks
// it in slices of a few milliseconds, one per frame tick (WorkSlice). This
// is the only work that runs on the page's thread; everything heavy beyond
// it is background work ([WorkSource]).
//
// It stays optional because a lab whose data is computed or compiled in
// needs none of it (today only the Sparse lab loads a file).
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
	// WorkSlice unpacks a slice of the arrived assets, taking about budget
	// at most, and reports whether anything visible changed. The Session
	// calls it once per frame tick, after the tick's playback steps.
	WorkSlice(budget time.Duration) bool
}

// SliceBudget is the time per frame tick that the Session offers an
// AssetUser's WorkSlice.
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

// workSlice gives an AssetUser lab its slice of the frame tick.
func (s *Session) workSlice() bool {
	w, ok := s.Lab.(AssetUser)
	if !ok || !w.WorkSlice(SliceBudget) {
		return false
	}
	s.seq++
	return true
}
