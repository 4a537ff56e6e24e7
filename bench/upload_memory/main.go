// Command upload_memory measures the peak memory of uploading a large file
// with internal/upload (the filestore_content_object uploader) to SeaweedFS,
// and prints it next to the file size as a ratio.
//
//	go run ./bench/upload_memory [-size 1GiB] [-part-size 8MiB] [-concurrency 4]
//
// It reuses the test bed named by FILESTORE_TESTBED, or starts SeaweedFS
// itself. The file is generated in a temporary directory (and removed); the
// upload runs in a child process so that only the uploader's memory is
// measured: the parent reads the child's peak RSS from rusage (ru_maxrss),
// and the child reports /proc/self/status VmHWM as well. A second child that
// only builds the client and makes one request gives the baseline RSS of the
// process itself.
//
// What is measured is what the provider does for one resource: hash the
// file at plan time (streamed), then upload it (multipart, Concurrency part
// buffers). It prints figures; it asserts nothing (see DESIGN.md:
// benchmarks print ratios).
package main

import (
	"bufio"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/filestore/terraform-provider-filestore/internal/testbed"
	"github.com/filestore/terraform-provider-filestore/internal/upload"
)

// childResult is what a child prints on its last line.
type childResult struct {
	VmHWMKiB      int64   `json:"vmhwm_kib"`
	Seconds       float64 `json:"seconds"`
	Parts         int     `json:"parts"`
	PartSize      int64   `json:"part_size"`
	BufferedBytes int64   `json:"buffered_bytes"`
}

func main() {
	size := flag.String("size", "1GiB", "file size (bytes, or with KiB/MiB/GiB)")
	partSize := flag.String("part-size", "8MiB", "multipart part size")
	concurrency := flag.Int("concurrency", upload.DefaultConcurrency, "parts in flight")
	child := flag.String("child", "", "internal: run as the measured child (upload | baseline)")
	file := flag.String("file", "", "internal: file to upload")
	digest := flag.String("sha256", "", "internal: expected digest")
	bucket := flag.String("bucket", "", "internal: bucket")
	flag.Parse()

	n, err := parseSize(*size)
	check(err)
	ps, err := parseSize(*partSize)
	check(err)
	if *child != "" {
		runChild(*child, *file, *digest, *bucket, n, ps, *concurrency)
		return
	}
	os.Exit(runParent(n, ps, *concurrency))
}

func runParent(size, partSize int64, concurrency int) int {
	ctx := context.Background()
	env, stop := testBed(ctx)
	defer stop()
	envFile := filepath.Join(env.Dir, "bench-upload-memory-env.json")
	if p := os.Getenv(testbed.EnvVar); p != "" {
		envFile = p
	} else {
		check(env.Save(envFile))
	}

	c := env.S3Client(testbed.SeaweedFS)
	bucket := fmt.Sprintf("bench-upload-memory-%d", time.Now().UnixNano())
	_, err := c.CreateBucket(ctx, &s3.CreateBucketInput{Bucket: aws.String(bucket)})
	check(err)
	defer cleanBucket(c, bucket)

	dir, err := os.MkdirTemp("", "bench-upload-memory-")
	check(err)
	defer func() { _ = os.RemoveAll(dir) }()
	path := filepath.Join(dir, "payload.bin")
	start := time.Now()
	digest := generate(path, size)
	fmt.Printf("generated %s (%d bytes) in %s\n", human(size), size, time.Since(start).Round(time.Millisecond))

	base, _, err := measure(envFile, "baseline", path, digest, bucket, size, partSize, concurrency)
	check(err)
	peak, res, err := measure(envFile, "upload", path, digest, bucket, size, partSize, concurrency)
	check(err)

	head, err := c.HeadObject(ctx, &s3.HeadObjectInput{Bucket: aws.String(bucket), Key: aws.String(key(digest))})
	check(err)
	if aws.ToInt64(head.ContentLength) != size {
		fmt.Fprintf(os.Stderr, "stored object has %d bytes, want %d\n", aws.ToInt64(head.ContentLength), size)
		return 1
	}

	fmt.Printf("upload: %d parts of %s, concurrency %d, %s in %.1fs (%.0f MiB/s)\n",
		res.Parts, human(res.PartSize), concurrency, human(size), res.Seconds, float64(size)/(1<<20)/res.Seconds)
	fmt.Printf("part buffers allocated:  %s (bound: concurrency x part size = %s)\n", human(res.BufferedBytes), human(int64(concurrency)*res.PartSize))
	fmt.Printf("baseline peak RSS:       %s (a child that only builds the client and lists buckets)\n", human(base))
	fmt.Printf("upload peak RSS:         %s (child VmHWM %s)\n", human(peak), human(res.VmHWMKiB*1024))
	fmt.Printf("file size:               %s\n", human(size))
	fmt.Printf("peak RSS / file size:    %.4f (%.2f%%)\n", float64(peak)/float64(size), 100*float64(peak)/float64(size))
	fmt.Printf("(peak - baseline) / part buffers bound: %.2f\n", float64(peak-base)/float64(int64(concurrency)*res.PartSize))
	return 0
}

// measure runs a child and returns its peak RSS in bytes (ru_maxrss).
func measure(envFile, mode, path, digest, bucket string, size, partSize int64, concurrency int) (int64, childResult, error) {
	self, err := os.Executable()
	if err != nil {
		return 0, childResult{}, err
	}
	cmd := exec.Command(self, "-child", mode, "-file", path, "-sha256", digest, "-bucket", bucket,
		"-size", strconv.FormatInt(size, 10), "-part-size", strconv.FormatInt(partSize, 10),
		"-concurrency", strconv.Itoa(concurrency))
	cmd.Env = append(os.Environ(), testbed.EnvVar+"="+envFile)
	cmd.Stderr = os.Stderr
	out, err := cmd.Output()
	if err != nil {
		return 0, childResult{}, fmt.Errorf("%s child: %w", mode, err)
	}
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	var res childResult
	if err := json.Unmarshal([]byte(lines[len(lines)-1]), &res); err != nil {
		return 0, childResult{}, fmt.Errorf("%s child output %q: %w", mode, out, err)
	}
	ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage)
	if !ok {
		return res.VmHWMKiB * 1024, res, nil
	}
	return ru.Maxrss * 1024, res, nil // Linux reports KiB
}

func runChild(mode, path, digest, bucket string, size, partSize int64, concurrency int) {
	env, err := testbed.Load(os.Getenv(testbed.EnvVar))
	check(err)
	c := env.S3Client(testbed.SeaweedFS)
	ctx := context.Background()
	res := childResult{}
	switch mode {
	case "baseline":
		_, err := c.ListBuckets(ctx, &s3.ListBucketsInput{})
		check(err)
	case "upload":
		start := time.Now()
		// Plan time: the provider streams the file through SHA-256.
		got, n, err := upload.HashFile(path)
		check(err)
		if got != digest || n != size {
			check(fmt.Errorf("hash %s/%d, want %s/%d", got, n, digest, size))
		}
		f, err := os.Open(path)
		check(err)
		defer func() { _ = f.Close() }()
		r, err := upload.Upload(ctx, c, f, upload.Object{
			Bucket: bucket, Key: key(digest), ContentType: "application/octet-stream",
			SHA256: digest, Size: size,
		}, upload.Options{PartSize: partSize, Concurrency: concurrency})
		check(err)
		res.Seconds = time.Since(start).Seconds()
		res.Parts, res.PartSize, res.BufferedBytes = r.Parts, r.PartSize, r.BufferedBytes
	default:
		check(fmt.Errorf("unknown child mode %q", mode))
	}
	res.VmHWMKiB = vmHWM()
	b, _ := json.Marshal(res)
	fmt.Println(string(b))
}

func key(digest string) string { return "cas/" + digest[:2] + "/" + digest }

// generate writes size random bytes to path in 1 MiB chunks and returns the
// digest.
func generate(path string, size int64) string {
	f, err := os.Create(path)
	check(err)
	w := bufio.NewWriterSize(f, 1<<20)
	h := sha256.New()
	_, err = io.CopyN(io.MultiWriter(w, h), rand.Reader, size)
	check(err)
	check(w.Flush())
	check(f.Close())
	return hex.EncodeToString(h.Sum(nil))
}

func testBed(ctx context.Context) (*testbed.Env, func()) {
	if p := os.Getenv(testbed.EnvVar); p != "" {
		env, err := testbed.Load(p)
		check(err)
		if !env.Has(testbed.SeaweedFS) {
			check(fmt.Errorf("the test bed in %s has no SeaweedFS", p))
		}
		return env, func() {}
	}
	ctx, cancel := context.WithTimeout(ctx, 20*time.Minute)
	defer cancel()
	env, err := testbed.Start(ctx, testbed.Options{Servers: []string{testbed.SeaweedFS}})
	check(err)
	return env, env.Stop
}

func cleanBucket(c *s3.Client, bucket string) {
	ctx := context.Background()
	if out, err := c.ListObjectsV2(ctx, &s3.ListObjectsV2Input{Bucket: aws.String(bucket)}); err == nil {
		for _, o := range out.Contents {
			_, _ = c.DeleteObject(ctx, &s3.DeleteObjectInput{Bucket: aws.String(bucket), Key: o.Key})
		}
	}
	_, _ = c.DeleteBucket(ctx, &s3.DeleteBucketInput{Bucket: aws.String(bucket)})
}

// vmHWM reads the peak resident set size (KiB) from /proc/self/status.
func vmHWM() int64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			f := strings.Fields(rest)
			if len(f) > 0 {
				n, _ := strconv.ParseInt(f[0], 10, 64)
				return n
			}
		}
	}
	return 0
}

func parseSize(s string) (int64, error) {
	mult := int64(1)
	for suffix, m := range map[string]int64{"KiB": 1 << 10, "MiB": 1 << 20, "GiB": 1 << 30} {
		if strings.HasSuffix(s, suffix) {
			s, mult = strings.TrimSuffix(s, suffix), m
			break
		}
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n < 0 {
		return 0, fmt.Errorf("bad size %q", s)
	}
	return n * mult, nil
}

func human(n int64) string {
	switch {
	case n >= 1<<30 && n%(1<<30) == 0:
		return fmt.Sprintf("%d GiB", n>>30)
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KiB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d B", n)
}

func check(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, "upload_memory:", err)
		os.Exit(1)
	}
}
