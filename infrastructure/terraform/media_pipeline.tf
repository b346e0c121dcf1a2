# vw-media on AWS: the root module. What it makes, by file:
#   storage.tf  S3 buckets for sources and outputs (vw-media-sources-<env>, vw-media-origin-<env>)
#   cdn.tf      CloudFront in front of the outputs bucket (Origin Access Control, cache policies = the publisher's)
#   kafka.tf    Amazon MSK with TLS + IAM auth, or an existing cluster
#   eks.tf      EKS (or an existing cluster), the CPU node group and the GPU node group g5-media-transcode
#   iam.tf      IAM roles for the service accounts vw-media-worker and vw-media-topology (IRSA)
#   alerts.tf   the EventBridge bus media-transcode-alerts and the rules that post to Slack
#   mediaconvert.tf  the place of the Step Functions + MediaConvert leg (issue 13)
#   outputs.tf  what the Kubernetes overlays need (role ARNs, bucket names, bootstrap servers, distribution)
#
#   terraform init -backend-config=backend-<env>.hcl
#   terraform plan -var-file=environments/<env>.tfvars

terraform {
  # 1.9: a variable's validation may refer to other variables
  required_version = ">= 1.9"

  required_providers {
    aws = {
      source = "hashicorp/aws"
      # exactly the release @cdktf/provider-aws 21.22.1 wraps: the schema the offline checks use
      version = "6.25.0"
    }
  }

  # bucket, key, region (and the lock) come from backend-<env>.hcl
  backend "s3" {}
}

provider "aws" {
  region = var.aws_region

  default_tags {
    tags = merge(var.tags, {
      "app.kubernetes.io/part-of" = "vw-media"
      "vw-media/environment"      = var.environment
      "vw-media/managed-by"       = "terraform"
    })
  }
}

data "aws_caller_identity" "current" {}
data "aws_partition" "current" {}

locals {
  name = "vw-media-${var.environment}"

  # names the Kubernetes manifests use too (k8s/)
  namespace                = "vw-media"
  worker_service_account   = "vw-media-worker"
  topology_service_account = "vw-media-topology"

  account_id = data.aws_caller_identity.current.account_id
  partition  = data.aws_partition.current.partition
}
