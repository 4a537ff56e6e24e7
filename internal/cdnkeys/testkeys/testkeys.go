// Package testkeys generates signing keys for tests: fresh keys on every run
// (no key material is committed), PEM-encoded the way tls_private_key and
// `openssl pkey -pubout` write them.
package testkeys

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"testing"
)

// Key is a generated key pair.
type Key struct {
	Private crypto.Signer
	// PublicPEM is the "PUBLIC KEY" (SubjectPublicKeyInfo) block.
	PublicPEM string
}

// RSA generates an RSA key of the given size.
func RSA(t testing.TB, bits int) Key {
	t.Helper()
	k, err := rsa.GenerateKey(rand.Reader, bits)
	if err != nil {
		t.Fatal(err)
	}
	return Key{Private: k, PublicPEM: PublicPEM(t, &k.PublicKey)}
}

// ECDSA generates an ECDSA key on the curve.
func ECDSA(t testing.TB, curve elliptic.Curve) Key {
	t.Helper()
	k, err := ecdsa.GenerateKey(curve, rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	return Key{Private: k, PublicPEM: PublicPEM(t, &k.PublicKey)}
}

// PublicPEM encodes a public key as a PEM "PUBLIC KEY" block.
func PublicPEM(t testing.TB, pub any) string {
	t.Helper()
	der, err := x509.MarshalPKIXPublicKey(pub)
	if err != nil {
		t.Fatal(err)
	}
	return string(pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der}))
}

// PrivatePEM encodes the private key as PKCS #8 ("PRIVATE KEY").
func (k Key) PrivatePEM(t testing.TB) string {
	t.Helper()
	der, err := x509.MarshalPKCS8PrivateKey(k.Private)
	if err != nil {
		t.Fatal(err)
	}
	return string(pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der}))
}

// RSAPrivate returns the RSA private key (nil for ECDSA keys).
func (k Key) RSAPrivate() *rsa.PrivateKey {
	r, _ := k.Private.(*rsa.PrivateKey)
	return r
}
