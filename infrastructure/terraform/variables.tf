# Inputs. Every variable without a default is set by each environments/<env>.tfvars.

variable "environment" {
  description = "Environment name: part of every resource name and bucket name."
  type        = string

  validation {
    condition     = contains(["dev", "staging", "prod"], var.environment)
    error_message = "environment must be dev, staging or prod."
  }
}

variable "aws_region" {
  description = "Region of everything here (CloudFront and its policies are global)."
  type        = string

  validation {
    condition     = can(regex("^[a-z]{2}(-gov)?-[a-z]+-[0-9]$", var.aws_region))
    error_message = "aws_region must be a region code such as eu-west-1."
  }
}

variable "tags" {
  description = "Extra tags on every resource (the provider's default_tags)."
  type        = map(string)
  default     = {}
}

# ---- network (an existing VPC: platform teams bring theirs)

variable "vpc_id" {
  description = "VPC of the EKS cluster and the MSK brokers."
  type        = string
}

variable "private_subnet_ids" {
  description = "Private subnets, one per availability zone, for nodes and brokers."
  type        = list(string)

  validation {
    condition     = length(var.private_subnet_ids) >= 2
    error_message = "private_subnet_ids needs at least two subnets in different availability zones (EKS and MSK require it)."
  }
}

# ---- storage and CDN

variable "outputs_prefix" {
  description = "Key prefix under which vw-media writes in the outputs bucket: the prefix of vw.storage.uri (s3://vw-media-origin-<env>/<prefix>), empty for the bucket's root."
  type        = string
  default     = ""

  validation {
    condition     = var.outputs_prefix == "" || can(regex("^[A-Za-z0-9_][A-Za-z0-9._/-]*/$", var.outputs_prefix))
    error_message = "outputs_prefix must be empty or a key prefix ending in a slash, e.g. media/."
  }
}

variable "source_retention_days" {
  description = "Days an uploaded source is kept in the sources bucket before it expires."
  type        = number
  default     = 30

  validation {
    condition     = var.source_retention_days >= 1
    error_message = "source_retention_days must be at least 1."
  }
}

variable "player_origins" {
  description = "Origins of the web players allowed to fetch manifests and segments (CORS), e.g. https://player.example.com."
  type        = list(string)

  validation {
    condition     = alltrue([for o in var.player_origins : can(regex("^https?://[^/]+$", o)) || o == "*"])
    error_message = "player_origins are origins (scheme://host[:port], no path) or \"*\"."
  }
}

variable "cloudfront_price_class" {
  description = "CloudFront price class: which edge locations serve viewers."
  type        = string
  default     = "PriceClass_100"

  validation {
    condition     = contains(["PriceClass_100", "PriceClass_200", "PriceClass_All"], var.cloudfront_price_class)
    error_message = "cloudfront_price_class must be PriceClass_100, PriceClass_200 or PriceClass_All."
  }
}

# ---- Kafka: a new MSK cluster, or an existing one

variable "create_msk" {
  description = "Create an MSK cluster; false to use the one named by existing_msk_cluster_arn and existing_msk_bootstrap_servers."
  type        = bool
  default     = true
}

variable "msk_kafka_version" {
  description = "Kafka version of a created MSK cluster. 3.8 or later: the topology's exactly-once transactions need WriteTxnMarkers, which MSK's IAM auth supports from 3.8."
  type        = string
  default     = "3.8.x"

  validation {
    condition     = can(regex("^(3\\.(8|9)|[4-9]\\.[0-9]+)", var.msk_kafka_version))
    error_message = "msk_kafka_version must be 3.8 or later (IAM auth terminates transactions from 3.8 on)."
  }
}

variable "msk_broker_instance_type" {
  description = "Broker instance type, e.g. kafka.m7g.large."
  type        = string
  default     = "kafka.m7g.large"

  validation {
    condition     = can(regex("^kafka\\.[a-z0-9]+\\.[a-z0-9]+$", var.msk_broker_instance_type))
    error_message = "msk_broker_instance_type must be an MSK broker type such as kafka.m7g.large or kafka.t3.small."
  }
}

variable "msk_broker_count" {
  description = "Brokers: a multiple of the subnets' count, and at least vw.kafka.replication-factor (3)."
  type        = number
  default     = 3

  validation {
    condition     = var.msk_broker_count >= 3
    error_message = "msk_broker_count must be at least 3: vw-media creates its topics with replication factor 3."
  }
}

variable "msk_broker_volume_gib" {
  description = "EBS volume per broker, GiB."
  type        = number
  default     = 100
}

variable "existing_msk_cluster_arn" {
  description = "ARN of an existing MSK cluster (IAM auth on) when create_msk is false."
  type        = string
  default     = ""

  validation {
    condition     = var.create_msk || can(regex("^arn:aws[a-z-]*:kafka:[a-z0-9-]+:[0-9]{12}:cluster/[^/]+/[^/]+$", var.existing_msk_cluster_arn))
    error_message = "existing_msk_cluster_arn must be an MSK cluster ARN when create_msk is false."
  }
}

variable "existing_msk_bootstrap_servers" {
  description = "IAM bootstrap servers (port 9098) of the existing cluster when create_msk is false."
  type        = string
  default     = ""

  validation {
    condition     = var.create_msk || length(var.existing_msk_bootstrap_servers) > 0
    error_message = "existing_msk_bootstrap_servers is required when create_msk is false."
  }
}

# ---- Kubernetes: a new EKS cluster, or an existing one

variable "create_eks" {
  description = "Create the EKS cluster; false to add the node groups and roles to existing_eks_cluster_name."
  type        = bool
  default     = true
}

variable "existing_eks_cluster_name" {
  description = "Name of an existing EKS cluster when create_eks is false."
  type        = string
  default     = ""

  validation {
    condition     = var.create_eks || length(var.existing_eks_cluster_name) > 0
    error_message = "existing_eks_cluster_name is required when create_eks is false."
  }
}

variable "existing_oidc_provider_arn" {
  description = "IAM OIDC provider of the existing cluster, if it has one already (IAM allows one per issuer URL); empty to create it."
  type        = string
  default     = ""
}

variable "eks_version" {
  description = "Kubernetes version of a created cluster."
  type        = string
  default     = "1.33"

  validation {
    condition     = can(regex("^1\\.[0-9]+$", var.eks_version))
    error_message = "eks_version is a Kubernetes minor version such as 1.33."
  }
}

variable "eks_public_endpoint_cidrs" {
  description = "CIDRs that may reach the cluster's public API endpoint; empty for a private endpoint only."
  type        = list(string)
  default     = []
}

variable "cpu_instance_types" {
  description = "Instance types of the CPU node group (topology, CPU workers, cluster add-ons)."
  type        = list(string)
  default     = ["c7i.2xlarge"]

  validation {
    condition     = length(var.cpu_instance_types) > 0 && alltrue([for t in var.cpu_instance_types : can(regex("^[a-z][a-z0-9-]*\\.[a-z0-9]+$", t)) && !startswith(t, "g") && !startswith(t, "p")])
    error_message = "cpu_instance_types are EC2 types without GPUs (not g* or p*)."
  }
}

variable "cpu_node_count" {
  description = "CPU node group size: min, desired at creation, max."
  type        = object({ min = number, desired = number, max = number })
  default     = { min = 2, desired = 2, max = 6 }

  validation {
    condition     = var.cpu_node_count.min >= 1 && var.cpu_node_count.min <= var.cpu_node_count.desired && var.cpu_node_count.desired <= var.cpu_node_count.max
    error_message = "cpu_node_count needs 1 <= min <= desired <= max."
  }
}

variable "gpu_instance_types" {
  description = "Instance types of g5-media-transcode: g5 (NVIDIA A10G, NVENC)."
  type        = list(string)
  default     = ["g5.xlarge", "g5.2xlarge"]

  validation {
    condition     = length(var.gpu_instance_types) > 0 && alltrue([for t in var.gpu_instance_types : can(regex("^g5\\.[0-9]*x?large$", t))])
    error_message = "gpu_instance_types must be g5 types such as g5.xlarge (the node group is g5-media-transcode)."
  }
}

variable "gpu_node_max" {
  description = "Most GPU nodes; the group scales from 0 (KEDA scales the GPU workers to zero when no task waits)."
  type        = number
  default     = 4

  validation {
    condition     = var.gpu_node_max >= 1
    error_message = "gpu_node_max must be at least 1."
  }
}

# ---- alerts

variable "slack_webhook_secret_name" {
  description = "Secrets Manager secret whose value is the Slack incoming webhook URL the alert rules post to (never in a tfvars file)."
  type        = string
}

variable "mediaconvert_queue_arn" {
  description = "An existing MediaConvert queue for the managed leg (mediaconvert.tf) to use; empty: create one named vw-media-<env>. Its job errors are forwarded to Slack."
  type        = string
  default     = ""
}

variable "schema_registry_kafka_password" {
  description = "SCRAM password of the schema registry's MSK user (create_msk = true): give it at apply time with TF_VAR_schema_registry_kafka_password; write-only, never stored in the state"
  type        = string
  default     = null
  sensitive   = true
  ephemeral   = true
}

variable "schema_registry_kafka_password_version" {
  description = "Raise by one to store a new schema_registry_kafka_password (rotation)"
  type        = number
  default     = 1
}
