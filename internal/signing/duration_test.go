package signing

import (
	"strings"
	"testing"
	"time"
)

func TestParseDuration(t *testing.T) {
	ok := map[string]time.Duration{
		"15m":     15 * time.Minute,
		"1h30m":   90 * time.Minute,
		"90s":     90 * time.Second,
		"168h":    168 * time.Hour,
		"7d":      7 * 24 * time.Hour,
		"1d12h":   36 * time.Hour,
		" 1h ":    time.Hour,
		"1d0s":    24 * time.Hour,
		"2h0m30s": 2*time.Hour + 30*time.Second,
	}
	for in, want := range ok {
		got, err := ParseDuration(in)
		if err != nil || got != want {
			t.Errorf("ParseDuration(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	bad := map[string]string{
		"":      "empty",
		"15":    "invalid duration",
		"abc":   "invalid duration",
		"-5m":   "invalid duration",
		"0s":    "must be positive",
		"0d":    "must be positive",
		"1.5s":  "whole number of seconds",
		"500ms": "whole number of seconds",
		"d":     "invalid duration",
		"1d-1h": "must be positive",
		"1w":    "invalid duration",
		"xd1h":  "invalid duration",
	}
	for in, want := range bad {
		_, err := ParseDuration(in)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("ParseDuration(%q) error = %v; want it to mention %q", in, err, want)
		}
	}
}

func TestSigningTime(t *testing.T) {
	loc := time.FixedZone("UTC+2", 2*3600)
	now := time.Date(2026, 11, 27, 19, 42, 13, 987654321, loc) // 17:42:13.987 UTC
	cases := []struct {
		window time.Duration
		want   time.Time
	}{
		{0, time.Date(2026, 11, 27, 17, 42, 13, 0, time.UTC)},
		{time.Minute, time.Date(2026, 11, 27, 17, 42, 0, 0, time.UTC)},
		{15 * time.Minute, time.Date(2026, 11, 27, 17, 30, 0, 0, time.UTC)},
		{time.Hour, time.Date(2026, 11, 27, 17, 0, 0, 0, time.UTC)},
		{24 * time.Hour, time.Date(2026, 11, 27, 0, 0, 0, 0, time.UTC)},
	}
	for _, c := range cases {
		got := SigningTime(now, c.window)
		if !got.Equal(c.want) || got.Location() != time.UTC {
			t.Errorf("SigningTime(window %s) = %s; want %s", c.window, got, c.want)
		}
	}
	// Every instant of a window maps to the same signing time.
	start := time.Date(2026, 11, 27, 17, 0, 0, 0, time.UTC)
	for _, d := range []time.Duration{0, time.Second, 30 * time.Minute, time.Hour - time.Nanosecond} {
		if got := SigningTime(start.Add(d), time.Hour); !got.Equal(start) {
			t.Errorf("SigningTime(start+%s, 1h) = %s; want %s", d, got, start)
		}
	}
	if got := SigningTime(start.Add(time.Hour), time.Hour); !got.Equal(start.Add(time.Hour)) {
		t.Errorf("next window: got %s", got)
	}
}

func TestCheckWindow(t *testing.T) {
	if err := CheckWindow(time.Hour, 2*time.Hour); err != nil {
		t.Errorf("1h window for 2h expiry: %v", err)
	}
	if err := CheckWindow(time.Hour, 0); err != nil {
		t.Errorf("window without a known expiry: %v", err)
	}
	for _, c := range [][2]time.Duration{{time.Hour, time.Hour}, {2 * time.Hour, time.Hour}, {0, time.Hour}, {-time.Second, time.Hour}} {
		if err := CheckWindow(c[0], c[1]); err == nil {
			t.Errorf("CheckWindow(%s, %s) accepted", c[0], c[1])
		}
	}
}
