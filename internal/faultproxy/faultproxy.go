// Package faultproxy is an HTTP reverse proxy for S3 APIs that injects faults
// by schedule (503 SlowDown, 500 InternalError, 409 OperationAborted,
// NoSuchBucket, AccessDenied, dropped connections) and adds latency, counting
// every request by S3 operation. Acceptance tests put it between the provider
// and a real server to prove that the provider converges under transient
// faults, that its retries are bounded, and that permanent failures surface;
// the refresh benchmark uses its latency.
//
// The proxy forwards each request unchanged — method, escaped path, query,
// headers, body and the Host header the client signed — so SigV4 signatures
// still verify at a server that checks them against the Host it receives. It
// may listen on plain HTTP and forward over HTTPS (the transport decides).
// Operations are recognised for path-style requests (s3_use_path_style).
package faultproxy

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/filestore/terraform-provider-filestore/internal/ctxutil"
)

// Fault is what the proxy answers instead of forwarding a request.
type Fault struct {
	Status  int    // HTTP status of an S3 error answer
	Code    string // S3 error code
	Message string
	// Drop hijacks the connection and closes it without an answer.
	Drop bool
}

// Faults S3 answers with.
var (
	SlowDown         = Fault{Status: http.StatusServiceUnavailable, Code: "SlowDown", Message: "Please reduce your request rate."}
	InternalError    = Fault{Status: http.StatusInternalServerError, Code: "InternalError", Message: "We encountered an internal error. Please try again."}
	OperationAborted = Fault{Status: http.StatusConflict, Code: "OperationAborted", Message: "A conflicting conditional operation is currently in progress against this resource. Please try again."}
	NoSuchBucket     = Fault{Status: http.StatusNotFound, Code: "NoSuchBucket", Message: "The specified bucket does not exist"}
	AccessDenied     = Fault{Status: http.StatusForbidden, Code: "AccessDenied", Message: "Access Denied"}
	Drop             = Fault{Drop: true}
)

// String names the fault.
func (f Fault) String() string {
	if f.Drop {
		return "dropped connection"
	}
	return fmt.Sprintf("%d %s", f.Status, f.Code)
}

// Rule injects Fault into matching requests.
type Rule struct {
	// Operation is the S3 operation (see Operation), "" for any.
	Operation string
	Fault     Fault
	// After arms the rule only once a request of that operation has been
	// forwarded and answered 2xx (e.g. "CreateBucket": a NoSuchBucket just
	// after the bucket was created). "" : armed from the start.
	After string
	// Skip lets the first Skip matching requests through.
	Skip int
	// Times is how many requests get the fault; 0 means every one (a
	// permanent failure).
	Times int
}

type ruleState struct {
	Rule
	armed    bool
	seen     int
	injected int
}

// Proxy is a fault-injecting reverse proxy.
type Proxy struct {
	target  *url.URL
	rp      *httputil.ReverseProxy
	latency time.Duration

	mu        sync.Mutex
	rules     []*ruleState
	requests  map[string]int // by operation, faulted ones included
	injected  map[string]int
	forwarded map[string]int
	server    *httptest.Server
}

// New returns a proxy forwarding to target (scheme://host:port) through
// transport (nil: http.DefaultTransport).
func New(target string, transport http.RoundTripper) (*Proxy, error) {
	u, err := url.Parse(target)
	if err != nil || u.Scheme == "" || u.Host == "" {
		return nil, fmt.Errorf("faultproxy: target %q is not an absolute URL", target)
	}
	if transport == nil {
		transport = http.DefaultTransport
	}
	p := &Proxy{target: u, requests: map[string]int{}, injected: map[string]int{}, forwarded: map[string]int{}}
	p.rp = &httputil.ReverseProxy{
		Rewrite: func(pr *httputil.ProxyRequest) {
			pr.Out.URL.Scheme = u.Scheme
			pr.Out.URL.Host = u.Host
			// Keep the Host the client signed (SigV4 signs it).
			pr.Out.Host = pr.In.Host
		},
		Transport: transport,
		ModifyResponse: func(resp *http.Response) error {
			op := Operation(resp.Request)
			ok := resp.StatusCode >= 200 && resp.StatusCode < 300
			p.mu.Lock()
			p.forwarded[op]++
			if ok {
				for _, r := range p.rules {
					if r.After == op {
						r.armed = true
					}
				}
			}
			p.mu.Unlock()
			return nil
		},
		ErrorHandler: func(w http.ResponseWriter, r *http.Request, err error) {
			http.Error(w, "faultproxy: forwarding: "+err.Error(), http.StatusBadGateway)
		},
	}
	return p, nil
}

// SetLatency delays every request by d before it is answered or forwarded.
func (p *Proxy) SetLatency(d time.Duration) {
	p.mu.Lock()
	p.latency = d
	p.mu.Unlock()
}

// AddRule schedules a fault. Rules are checked in the order added; the first
// that fires answers the request.
func (p *Proxy) AddRule(r Rule) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.rules = append(p.rules, &ruleState{Rule: r, armed: r.After == ""})
}

// ClearRules removes every rule (counts are kept).
func (p *Proxy) ClearRules() {
	p.mu.Lock()
	p.rules = nil
	p.mu.Unlock()
}

// Start serves the proxy on a plain-HTTP listener on 127.0.0.1 and returns
// its URL. Close stops it.
func (p *Proxy) Start() string {
	p.server = httptest.NewServer(p)
	return p.server.URL
}

// Close stops the listener started by Start.
func (p *Proxy) Close() {
	if p.server != nil {
		p.server.CloseClientConnections()
		p.server.Close()
	}
}

// ServeHTTP answers with a scheduled fault or forwards the request.
func (p *Proxy) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	op := Operation(r)
	p.mu.Lock()
	p.requests[op]++
	latency := p.latency
	var fault *Fault
	for _, rs := range p.rules {
		if !rs.armed || (rs.Operation != "" && rs.Operation != op) {
			continue
		}
		if rs.Times > 0 && rs.injected >= rs.Times {
			continue
		}
		rs.seen++
		if rs.seen <= rs.Skip {
			continue
		}
		rs.injected++
		f := rs.Fault
		fault = &f
		p.injected[op]++
		break
	}
	p.mu.Unlock()

	if latency > 0 {
		if err := ctxutil.Sleep(r.Context(), latency); err != nil {
			return
		}
	}
	if fault == nil {
		p.rp.ServeHTTP(w, r)
		return
	}
	if fault.Drop {
		if hj, ok := w.(http.Hijacker); ok {
			if conn, _, err := hj.Hijack(); err == nil {
				_ = conn.Close()
				return
			}
		}
		panic(http.ErrAbortHandler) // closes the connection without an answer
	}
	w.Header().Set("Content-Type", "application/xml")
	w.Header().Set("x-amz-request-id", "faultproxy")
	w.WriteHeader(fault.Status)
	if r.Method != http.MethodHead {
		_, _ = fmt.Fprintf(w, `<?xml version="1.0" encoding="UTF-8"?>`+"\n"+
			`<Error><Code>%s</Code><Message>%s</Message><RequestId>faultproxy</RequestId><HostId>faultproxy</HostId></Error>`,
			fault.Code, fault.Message)
	}
}

// Requests returns how many requests of the operation the proxy received
// (faulted ones included); "" counts every request.
func (p *Proxy) Requests(op string) int {
	p.mu.Lock()
	defer p.mu.Unlock()
	if op == "" {
		return sum(p.requests)
	}
	return p.requests[op]
}

// Injected returns how many faults were injected into the operation ("" all).
func (p *Proxy) Injected(op string) int {
	p.mu.Lock()
	defer p.mu.Unlock()
	if op == "" {
		return sum(p.injected)
	}
	return p.injected[op]
}

// Pending lists the rules with a finite schedule that have not injected all
// their faults yet (a test asserting that every fault fired wants none).
func (p *Proxy) Pending() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	var out []string
	for _, r := range p.rules {
		if r.Times > 0 && r.injected < r.Times {
			out = append(out, fmt.Sprintf("%s %s: %d of %d injected", r.Operation, r.Fault, r.injected, r.Times))
		}
	}
	return out
}

// Summary renders the request counts by operation, for test logs.
func (p *Proxy) Summary() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	ops := make([]string, 0, len(p.requests))
	for op := range p.requests {
		ops = append(ops, op)
	}
	sort.Strings(ops)
	var b strings.Builder
	for _, op := range ops {
		fmt.Fprintf(&b, "%s=%d", op, p.requests[op])
		if n := p.injected[op]; n > 0 {
			fmt.Fprintf(&b, "(%d faulted)", n)
		}
		b.WriteString(" ")
	}
	return strings.TrimSpace(b.String())
}

func sum(m map[string]int) int {
	n := 0
	for _, v := range m {
		n += v
	}
	return n
}
