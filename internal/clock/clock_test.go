package clock

import (
	"testing"
	"time"
)

func TestManualAdvance(t *testing.T) {
	start := time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC)
	m := NewManual(start)
	m.Advance(90 * time.Second)
	if got, want := m.Now(), start.Add(90*time.Second); !got.Equal(want) {
		t.Fatalf("Now() = %v, want %v", got, want)
	}
	m.Set(start)
	if !m.Now().Equal(start) {
		t.Fatalf("Set did not move the clock")
	}
	if !Fixed(start).Now().Equal(start) {
		t.Fatalf("Fixed clock moved")
	}
}
