# terraform init -backend-config=backend-staging.hcl
bucket       = "vw-media-terraform-state-staging"
key          = "media-pipeline/staging.tfstate"
region       = "eu-west-1"
encrypt      = true
use_lockfile = true
