package cdnreadaccess_test

import (
	"testing"

	"github.com/filestore/terraform-provider-filestore/internal/acctest"
)

// TestMain starts (or reuses) the local test bed when TF_ACC is set.
func TestMain(m *testing.M) { acctest.Main(m) }
