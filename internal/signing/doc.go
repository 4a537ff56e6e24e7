// Package signing mints S3 presigned URLs, S3 POST policies and CloudFront
// signed URLs and cookies. It is pure computation — no network call — and has
// no Terraform framework imports, so it is unit-tested and benchmarked on its
// own; internal/datasources is the thin framework glue.
//
// What comes from libraries and what is written here:
//
//   - SigV4 query presigning (GET / PUT / HEAD / DELETE) is the AWS SDK's
//     s3.PresignClient. The SDK takes the signing time from a package-global
//     clock (sdk.NowTime), which is not usable for concurrent callers that
//     need their own time, so each call wraps the SDK's own presigner
//     (PresignOptions.Presigner) in a decorator that substitutes the signing
//     time this package computed (see atTime).
//   - POST policies are the SDK's PresignClient.PresignPostObject, whose
//     Conditions field accepts every condition needed here (starts-with on
//     $key and $Content-Type, exact Content-Type, content-length-range). The
//     signing and expiration times are substituted the same way, by wrapping
//     the SDK's PostPresigner.
//   - CloudFront policies use the SDK's feature/cloudfront/sign types (Policy,
//     Statement, Condition, NewCannedPolicy, Validate) and, for RSA keys with
//     SHA1, its Policy.Sign. That package hashes with SHA1 only and signs
//     ECDSA keys with a random nonce; CloudFront also accepts SHA256 (with the
//     Hash-Algorithm parameter) and a randomised ECDSA signature would defeat
//     the signing window, so SHA256 and ECDSA signatures are computed here
//     (stdlib crypto, RFC 6979 deterministic ECDSA), with the policy encoded
//     exactly as the SDK encodes it. Tests check the shared path against the
//     SDK's URLSigner and CookieSigner byte for byte.
//   - The Content-Disposition value for download_filename (RFC 6266 / RFC
//     8187) is written here: the standard library has no encoder for the
//     filename* parameter (mime.FormatMediaType emits it only for non-ASCII
//     values and never provides the ASCII fallback browsers need).
package signing
