package signing

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// MaxPresignExpiry is SigV4's limit on X-Amz-Expires: seven days.
const MaxPresignExpiry = 7 * 24 * time.Hour

// Defaults for expires_in when the configuration leaves it unset.
const (
	DefaultPresignExpiry    = 15 * time.Minute
	DefaultCloudFrontExpiry = time.Hour
)

// ParseDuration parses a duration string: anything time.ParseDuration accepts
// ("90s", "15m", "1h30m") plus a leading whole number of days ("7d",
// "1d12h"), because "7d" is how people write SigV4's limit. The result must be
// positive and a whole number of seconds (SigV4 and CloudFront express expiry
// in seconds).
func ParseDuration(s string) (time.Duration, error) {
	in := strings.TrimSpace(s)
	if in == "" {
		return 0, fmt.Errorf("empty duration")
	}
	var d time.Duration
	rest := in
	if i := strings.IndexByte(in, 'd'); i > 0 {
		days, err := strconv.ParseUint(in[:i], 10, 16)
		if err != nil {
			return 0, fmt.Errorf("invalid duration %q: use a Go duration such as \"15m\", \"1h30m\" or \"7d\"", s)
		}
		d = time.Duration(days) * 24 * time.Hour
		rest = in[i+1:]
	}
	if rest != "" {
		r, err := time.ParseDuration(rest)
		if err != nil {
			return 0, fmt.Errorf("invalid duration %q: use a Go duration such as \"15m\", \"1h30m\" or \"7d\"", s)
		}
		if r < 0 {
			return 0, fmt.Errorf("invalid duration %q: must be positive", s)
		}
		d += r
	}
	if d <= 0 {
		return 0, fmt.Errorf("invalid duration %q: must be positive", s)
	}
	if d%time.Second != 0 {
		return 0, fmt.Errorf("invalid duration %q: must be a whole number of seconds", s)
	}
	return d, nil
}

// SigningTime is the instant a value is signed at: now truncated to the
// signing window when one is set (so every read within the window signs at
// the same instant and yields the same value), otherwise now truncated to the
// second (SigV4 dates and CloudFront epochs have second precision). Always UTC.
//
// time.Time.Truncate rounds relative to the zero time, so windows that divide
// a day align with UTC midnight ("1h" windows start on the hour).
func SigningTime(now time.Time, window time.Duration) time.Time {
	if window > 0 {
		return now.UTC().Truncate(window)
	}
	return now.UTC().Truncate(time.Second)
}

// CheckWindow validates a signing window against the expiry it is used with.
// A window at least as long as the expiry could mint values that are already
// expired: a value signed at the start of the window is valid for
// expiresIn - (now - windowStart).
func CheckWindow(window, expiresIn time.Duration) error {
	if window <= 0 {
		return fmt.Errorf("the signing window must be positive")
	}
	if expiresIn > 0 && window >= expiresIn {
		return fmt.Errorf("the signing window (%s) must be shorter than the expiry (%s): a value signed at the start of the window stays valid only for the expiry minus the time elapsed in the window", window, expiresIn)
	}
	return nil
}
