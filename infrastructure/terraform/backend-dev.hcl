# terraform init -backend-config=backend-dev.hcl
bucket       = "vw-media-terraform-state-dev"
key          = "media-pipeline/dev.tfstate"
region       = "eu-west-1"
encrypt      = true
use_lockfile = true
