// Command testbed starts the local servers for a whole `make test` / `make
// demo` run and keeps them up until it receives SIGINT or SIGTERM.
//
//	testbed up -json env.json -env env.sh [-servers seaweedfs,kumo,versitygw,minio]
//
// Once every server answers, it writes the JSON description (read by
// acceptance tests through FILESTORE_TESTBED) and a shell file of exports
// (sourced by the demo), then prints "ready".
//
// Two helpers serve the demo:
//
//	testbed keygen -out DIR               writes an RSA 2048 key pair (signing.pem, signing.pub.pem)
//	testbed cdn -key-group ID -bucket B   creates a kumo distribution trusting the key
//	                                      group, with kumo's S3 bucket B as origin;
//	                                      prints the distribution id
//	testbed cdn-delete -id DIST           deletes it again
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/filestore/terraform-provider-filestore/internal/testbed"
)

func main() {
	if len(os.Args) < 2 {
		usage()
	}
	switch os.Args[1] {
	case "up":
		up()
	case "keygen":
		keygen()
	case "cdn":
		cdn()
	case "cdn-delete":
		cdnDelete()
	case "put":
		put()
	default:
		usage()
	}
}

func usage() {
	fmt.Fprintln(os.Stderr, "usage: testbed up [-servers seaweedfs,kumo,versitygw,minio] [-dir DIR] -json FILE [-env FILE]\n"+
		"       testbed keygen -out DIR\n"+
		"       testbed cdn -testbed env.json -key-group ID -bucket B\n"+
		"       testbed cdn-delete -testbed env.json -id DIST\n"+
		"       testbed put -testbed env.json -server kumo -bucket B -key K -file F")
	os.Exit(2)
}

func up() {
	fs := flag.NewFlagSet("up", flag.ExitOnError)
	servers := fs.String("servers", strings.Join(testbed.AllServers(), ","), "servers to start")
	dir := fs.String("dir", "", "scratch directory (default: a new temporary directory)")
	jsonPath := fs.String("json", "", "write the test bed description here")
	envPath := fs.String("env", "", "write shell exports here")
	_ = fs.Parse(os.Args[2:])
	if *jsonPath == "" {
		fmt.Fprintln(os.Stderr, "testbed: -json is required")
		os.Exit(2)
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	start := time.Now()
	env, err := testbed.Start(ctx, testbed.Options{Servers: strings.Split(*servers, ","), Dir: *dir})
	if err != nil {
		fmt.Fprintln(os.Stderr, "testbed:", err)
		os.Exit(1)
	}
	defer env.Stop()
	if err := env.Save(*jsonPath); err != nil {
		fmt.Fprintln(os.Stderr, "testbed:", err)
		return
	}
	if *envPath != "" {
		if err := os.WriteFile(*envPath, []byte(env.ShellExports()), 0o600); err != nil {
			fmt.Fprintln(os.Stderr, "testbed:", err)
			return
		}
	}
	for _, name := range strings.Split(*servers, ",") {
		s := env.Servers[name]
		fmt.Printf("testbed: %-10s s3=%s cloudfront=%s log=%s\n", name, s.S3Endpoint, s.CloudFrontEndpoint, s.LogFile)
	}
	fmt.Printf("testbed: ready in %s\n", time.Since(start).Round(100*time.Millisecond))
	<-ctx.Done()
	_ = os.Remove(*jsonPath)
	if *envPath != "" {
		_ = os.Remove(*envPath)
	}
}
