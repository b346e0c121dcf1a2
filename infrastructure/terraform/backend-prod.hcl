# terraform init -backend-config=backend-prod.hcl
bucket       = "vw-media-terraform-state-prod"
key          = "media-pipeline/prod.tfstate"
region       = "eu-west-1"
encrypt      = true
use_lockfile = true
