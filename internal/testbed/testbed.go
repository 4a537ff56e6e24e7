package testbed

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/cloudfront"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
)

// Server names.
const (
	SeaweedFS = "seaweedfs"
	Kumo      = "kumo"
	Versitygw = "versitygw"
	MinIO     = "minio"
)

// AllServers lists every server Start knows, in start order.
func AllServers() []string { return []string{SeaweedFS, Kumo, Versitygw, MinIO} }

// Credentials used by every local server. They are test-only values.
const (
	AccessKey = "filestoretestaccess"
	SecretKey = "filestoretestsecret0123456789abcdef"
	Region    = "us-east-1"
)

// EnvVar names the JSON file describing a running test bed.
const EnvVar = "FILESTORE_TESTBED"

// Server is one running server.
type Server struct {
	Name string `json:"name"`
	// S3Endpoint is the S3 API base URL (https for SeaweedFS).
	S3Endpoint string `json:"s3_endpoint,omitempty"`
	// S3HTTPEndpoint is SeaweedFS's plain-http S3 port (to prove that
	// deny_insecure_transport refuses plain http).
	S3HTTPEndpoint string `json:"s3_http_endpoint,omitempty"`
	// CloudFrontEndpoint is the CloudFront API base URL (kumo).
	CloudFrontEndpoint string `json:"cloudfront_endpoint,omitempty"`
	// SQSEndpoint is the SQS API base URL (kumo): its queues receive the
	// S3 event notifications of kumo's buckets.
	SQSEndpoint string `json:"sqs_endpoint,omitempty"`
	// EdgeURL is kumo's CloudFront edge: EdgeURL + "/<distribution-id>/<key>".
	EdgeURL string `json:"edge_url,omitempty"`
	LogFile string `json:"log_file"`
}

// Env is a running test bed.
type Env struct {
	Dir       string             `json:"dir"`
	CAFile    string             `json:"ca_file"`
	AccessKey string             `json:"access_key"`
	SecretKey string             `json:"secret_key"`
	Region    string             `json:"region"`
	Servers   map[string]*Server `json:"servers"`

	procs []*process
	owned bool // Dir was created by Start and is removed by Stop
}

// Options selects the servers to start.
type Options struct {
	Servers []string // SeaweedFS, Kumo, Versitygw, MinIO; empty means all
	// Dir is the scratch directory; empty means a new temporary directory
	// removed by Stop.
	Dir string
}

// Start builds (if needed) and starts the selected servers and waits until
// each answers signed requests.
func Start(ctx context.Context, opts Options) (env *Env, err error) {
	servers := opts.Servers
	if len(servers) == 0 {
		servers = AllServers()
	}
	env = &Env{Dir: opts.Dir, AccessKey: AccessKey, SecretKey: SecretKey, Region: Region, Servers: map[string]*Server{}}
	if env.Dir == "" {
		if env.Dir, err = os.MkdirTemp("", "filestore-testbed-"); err != nil {
			return nil, err
		}
		env.owned = true
	} else if err = os.MkdirAll(env.Dir, 0o755); err != nil {
		return nil, err
	}
	defer func() {
		if err != nil {
			env.Stop()
		}
	}()
	ca, err := NewCA(env.Dir)
	if err != nil {
		return nil, fmt.Errorf("creating test CA: %w", err)
	}
	env.CAFile = ca.CertFile
	for _, name := range servers {
		switch name {
		case SeaweedFS:
			err = env.startSeaweedFS(ctx, ca)
		case Kumo:
			err = env.startKumo(ctx)
		case Versitygw:
			err = env.startVersitygw(ctx)
		case MinIO:
			err = env.startMinIO(ctx)
		default:
			err = fmt.Errorf("unknown server %q", name)
		}
		if err != nil {
			return nil, err
		}
	}
	return env, nil
}

// Stop stops every server this process started and removes the scratch
// directory if Start created it. Safe to call on a loaded Env (no-op).
func (e *Env) Stop() {
	if e == nil {
		return
	}
	for i := len(e.procs) - 1; i >= 0; i-- {
		e.procs[i].stop()
	}
	e.procs = nil
	if e.owned && os.Getenv("FILESTORE_TESTBED_KEEP") == "" {
		_ = os.RemoveAll(e.Dir)
	}
}

// Save writes the description other processes Load.
func (e *Env) Save(path string) error {
	b, err := json.MarshalIndent(e, "", "  ")
	if err != nil {
		return err
	}
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, b, 0o600); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}

// Load reads a test bed description written by Save.
func Load(path string) (*Env, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var e Env
	if err := json.Unmarshal(b, &e); err != nil {
		return nil, fmt.Errorf("parsing %s: %w", path, err)
	}
	return &e, nil
}

// Has reports whether the named server is running.
func (e *Env) Has(name string) bool { return e != nil && e.Servers[name] != nil }

// HTTPClient returns an HTTP client that trusts the test CA.
func (e *Env) HTTPClient() *http.Client {
	pool, err := x509.SystemCertPool()
	if err != nil || pool == nil {
		pool = x509.NewCertPool()
	}
	if pem, err := os.ReadFile(e.CAFile); err == nil {
		pool.AppendCertsFromPEM(pem)
	}
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.TLSClientConfig = &tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS12}
	return &http.Client{Transport: tr, Timeout: 2 * time.Minute}
}

// AWSConfig returns an SDK configuration for the test bed's credentials that
// trusts the test CA.
func (e *Env) AWSConfig() aws.Config {
	return aws.Config{
		Region:                     e.Region,
		Credentials:                credentials.NewStaticCredentialsProvider(e.AccessKey, e.SecretKey, ""),
		HTTPClient:                 e.HTTPClient(),
		RequestChecksumCalculation: aws.RequestChecksumCalculationWhenRequired,
		ResponseChecksumValidation: aws.ResponseChecksumValidationWhenRequired,
		RetryMaxAttempts:           3,
	}
}

// S3Client returns an S3 client for the named server, for tests to ask the
// server directly (not through the provider).
func (e *Env) S3Client(name string) *s3.Client {
	srv := e.Servers[name]
	return s3.NewFromConfig(e.AWSConfig(), func(o *s3.Options) {
		o.BaseEndpoint = aws.String(srv.S3Endpoint)
		o.UsePathStyle = true
	})
}

// CloudFrontClient returns a CloudFront client for kumo.
func (e *Env) CloudFrontClient() *cloudfront.Client {
	srv := e.Servers[Kumo]
	return cloudfront.NewFromConfig(e.AWSConfig(), func(o *cloudfront.Options) {
		o.BaseEndpoint = aws.String(srv.CloudFrontEndpoint)
	})
}

// SQSClient returns an SQS client for kumo, whose queues receive the S3
// event notifications of kumo's buckets.
func (e *Env) SQSClient() *sqs.Client {
	srv := e.Servers[Kumo]
	return sqs.NewFromConfig(e.AWSConfig(), func(o *sqs.Options) {
		o.BaseEndpoint = aws.String(srv.SQSEndpoint)
	})
}

// ProviderEnv is the environment that points an unconfigured provider block
// (`provider "filestore" {}`) at the test bed: SeaweedFS for S3, kumo for
// CloudFront, the test CA and credentials. The same HCL then runs unchanged
// against real AWS when these variables are not set.
func (e *Env) ProviderEnv() map[string]string {
	m := map[string]string{
		"AWS_ACCESS_KEY_ID":     e.AccessKey,
		"AWS_SECRET_ACCESS_KEY": e.SecretKey,
		"AWS_REGION":            e.Region,
		"AWS_CA_BUNDLE":         e.CAFile,
		// Never read the developer's own profile or IMDS during tests.
		"AWS_EC2_METADATA_DISABLED":   "true",
		"AWS_CONFIG_FILE":             filepath.Join(e.Dir, "aws-config-empty"),
		"AWS_SHARED_CREDENTIALS_FILE": filepath.Join(e.Dir, "aws-credentials-empty"),
	}
	if s := e.Servers[SeaweedFS]; s != nil {
		m["AWS_ENDPOINT_URL_S3"] = s.S3Endpoint
	}
	if s := e.Servers[Kumo]; s != nil {
		m["AWS_ENDPOINT_URL_CLOUDFRONT"] = s.CloudFrontEndpoint
	}
	return m
}

// ShellExports renders ProviderEnv plus the server endpoints as `export` lines.
func (e *Env) ShellExports() string {
	var b strings.Builder
	env := e.ProviderEnv()
	for _, k := range sortedKeys(env) {
		fmt.Fprintf(&b, "export %s=%s\n", k, shellQuote(env[k]))
	}
	for _, name := range sortedKeys(e.Servers) {
		s := e.Servers[name]
		prefix := "FILESTORE_TESTBED_" + strings.ToUpper(name)
		for k, v := range map[string]string{
			"_S3":         s.S3Endpoint,
			"_S3_HTTP":    s.S3HTTPEndpoint,
			"_CLOUDFRONT": s.CloudFrontEndpoint,
			"_SQS":        s.SQSEndpoint,
			"_EDGE":       s.EdgeURL,
		} {
			if v != "" {
				fmt.Fprintf(&b, "export %s%s=%s\n", prefix, k, shellQuote(v))
			}
		}
	}
	fmt.Fprintf(&b, "export FILESTORE_TESTBED_CA=%s\n", shellQuote(e.CAFile))
	return b.String()
}

func shellQuote(s string) string { return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'" }

func (e *Env) s3Ready(endpoint string) func(context.Context) error {
	client := s3.NewFromConfig(e.AWSConfig(), func(o *s3.Options) {
		o.BaseEndpoint = aws.String(endpoint)
		o.UsePathStyle = true
		o.RetryMaxAttempts = 1
	})
	return func(ctx context.Context) error {
		_, err := client.ListBuckets(ctx, &s3.ListBucketsInput{})
		return err
	}
}

func (e *Env) startSeaweedFS(ctx context.Context, ca *CA) error {
	bin, err := Tool("weed")
	if err != nil {
		return err
	}
	dataDir := filepath.Join(e.Dir, "seaweedfs")
	if err := os.MkdirAll(dataDir, 0o755); err != nil {
		return err
	}
	var lastErr error
	for attempt := 0; attempt < 3; attempt++ {
		ports := map[string]int{}
		for _, name := range []string{"master", "filer", "volume"} {
			p, err := freePortPair(10000)
			if err != nil {
				return err
			}
			ports[name] = p
		}
		for _, name := range []string{"s3", "s3https", "admin"} {
			p, err := freePort()
			if err != nil {
				return err
			}
			ports[name] = p
		}
		args := []string{"mini",
			"-dir=" + dataDir,
			"-ip=127.0.0.1", "-ip.bind=127.0.0.1",
			"-master.telemetry=false",
			"-master.port=" + strconv.Itoa(ports["master"]),
			"-filer.port=" + strconv.Itoa(ports["filer"]),
			"-volume.port=" + strconv.Itoa(ports["volume"]),
			"-s3.port=" + strconv.Itoa(ports["s3"]),
			"-s3.port.https=" + strconv.Itoa(ports["s3https"]),
			"-s3.cert.file=" + ca.ServerCertFile,
			"-s3.key.file=" + ca.ServerKeyFile,
			"-admin.port=" + strconv.Itoa(ports["admin"]),
			"-admin.port.legacy=0",
			"-s3.port.iceberg=0", "-s3.port.lance=0",
			"-webdav=false", "-admin.ui=false",
		}
		env := []string{"AWS_ACCESS_KEY_ID=" + e.AccessKey, "AWS_SECRET_ACCESS_KEY=" + e.SecretKey}
		p, err := startProcess(SeaweedFS, filepath.Join(e.Dir, fmt.Sprintf("seaweedfs-%d.log", attempt)), env, bin, args...)
		if err != nil {
			return err
		}
		srv := &Server{
			Name:           SeaweedFS,
			S3Endpoint:     fmt.Sprintf("https://127.0.0.1:%d", ports["s3https"]),
			S3HTTPEndpoint: fmt.Sprintf("http://127.0.0.1:%d", ports["s3"]),
			LogFile:        p.logPath,
		}
		e.procs = append(e.procs, p)
		if lastErr = p.waitReady(ctx, 120*time.Second, e.s3Ready(srv.S3Endpoint)); lastErr == nil {
			e.Servers[SeaweedFS] = srv
			return nil
		}
		p.stop()
		e.procs = e.procs[:len(e.procs)-1]
		if ctx.Err() != nil {
			break
		}
	}
	return lastErr
}

func (e *Env) startKumo(ctx context.Context) error {
	bin, err := Tool("kumo")
	if err != nil {
		return err
	}
	var lastErr error
	for attempt := 0; attempt < 3; attempt++ {
		port, err := freePort()
		if err != nil {
			return err
		}
		env := []string{"KUMO_HOST=127.0.0.1", "KUMO_PORT=" + strconv.Itoa(port)}
		p, err := startProcess(Kumo, filepath.Join(e.Dir, fmt.Sprintf("kumo-%d.log", attempt)), env, bin)
		if err != nil {
			return err
		}
		base := fmt.Sprintf("http://127.0.0.1:%d", port)
		srv := &Server{Name: Kumo, S3Endpoint: base, CloudFrontEndpoint: base, SQSEndpoint: base, EdgeURL: base + "/kumo/cdn", LogFile: p.logPath}
		e.procs = append(e.procs, p)
		if lastErr = p.waitReady(ctx, 60*time.Second, e.s3Ready(base)); lastErr == nil {
			e.Servers[Kumo] = srv
			return nil
		}
		p.stop()
		e.procs = e.procs[:len(e.procs)-1]
		if ctx.Err() != nil {
			break
		}
	}
	return lastErr
}

func (e *Env) startVersitygw(ctx context.Context) error {
	bin, err := Tool("versitygw")
	if err != nil {
		return err
	}
	root := filepath.Join(e.Dir, "versitygw", "root")
	versions := filepath.Join(e.Dir, "versitygw", "versions")
	for _, d := range []string{root, versions} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			return err
		}
	}
	var lastErr error
	for attempt := 0; attempt < 3; attempt++ {
		port, err := freePort()
		if err != nil {
			return err
		}
		p, err := startProcess(Versitygw, filepath.Join(e.Dir, fmt.Sprintf("versitygw-%d.log", attempt)), nil, bin,
			"--port", fmt.Sprintf("127.0.0.1:%d", port),
			"--access", e.AccessKey, "--secret", e.SecretKey,
			"posix", "--versioning-dir", versions, root)
		if err != nil {
			return err
		}
		base := fmt.Sprintf("http://127.0.0.1:%d", port)
		srv := &Server{Name: Versitygw, S3Endpoint: base, LogFile: p.logPath}
		e.procs = append(e.procs, p)
		if lastErr = p.waitReady(ctx, 60*time.Second, e.s3Ready(base)); lastErr == nil {
			e.Servers[Versitygw] = srv
			return nil
		}
		p.stop()
		e.procs = e.procs[:len(e.procs)-1]
		if ctx.Err() != nil {
			break
		}
	}
	return lastErr
}

// startMinIO starts MinIO (AGPL-3.0, a test tool only: a separate process,
// never linked into the provider). It is the server that evaluates
// s3:ExistingObjectTag in bucket policies. Its root credentials are the test
// bed's and bypass bucket policies, so policy tests use anonymous requests.
// The web console is off and its port bound to 127.0.0.1 all the same;
// MINIO_UPDATE=off keeps it from looking for a newer release.
func (e *Env) startMinIO(ctx context.Context) error {
	bin, err := Tool("minio")
	if err != nil {
		return err
	}
	dataDir := filepath.Join(e.Dir, "minio")
	if err := os.MkdirAll(dataDir, 0o755); err != nil {
		return err
	}
	var lastErr error
	for attempt := 0; attempt < 3; attempt++ {
		port, err := freePort()
		if err != nil {
			return err
		}
		console, err := freePort()
		if err != nil {
			return err
		}
		env := []string{
			"MINIO_ROOT_USER=" + e.AccessKey, "MINIO_ROOT_PASSWORD=" + e.SecretKey,
			"MINIO_BROWSER=off", "MINIO_UPDATE=off",
		}
		p, err := startProcess(MinIO, filepath.Join(e.Dir, fmt.Sprintf("minio-%d.log", attempt)), env, bin,
			"server", dataDir,
			"--address", fmt.Sprintf("127.0.0.1:%d", port),
			"--console-address", fmt.Sprintf("127.0.0.1:%d", console))
		if err != nil {
			return err
		}
		base := fmt.Sprintf("http://127.0.0.1:%d", port)
		srv := &Server{Name: MinIO, S3Endpoint: base, LogFile: p.logPath}
		e.procs = append(e.procs, p)
		if lastErr = p.waitReady(ctx, 60*time.Second, httpReady(base+"/minio/health/live")); lastErr == nil {
			e.Servers[MinIO] = srv
			return nil
		}
		p.stop()
		e.procs = e.procs[:len(e.procs)-1]
		if ctx.Err() != nil {
			break
		}
	}
	return lastErr
}

// httpReady answers nil once GET url returns 200.
func httpReady(url string) func(context.Context) error {
	return func(ctx context.Context) error {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
		if err != nil {
			return err
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			return err
		}
		_ = resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			return fmt.Errorf("GET %s: %s", url, resp.Status)
		}
		return nil
	}
}
