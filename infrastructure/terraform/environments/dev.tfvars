# dev: small brokers, one GPU node at most, a public API endpoint for the team's office.
environment = "dev"
aws_region  = "eu-west-1"

vpc_id             = "vpc-0a1b2c3d4e5f60001"
private_subnet_ids = ["subnet-0a1b2c3d4e5f60011", "subnet-0a1b2c3d4e5f60012", "subnet-0a1b2c3d4e5f60013"]

player_origins        = ["http://localhost:8787", "https://player.dev.vw-media.example"]
source_retention_days = 7

msk_broker_instance_type = "kafka.t3.small"
msk_broker_volume_gib    = 50

eks_public_endpoint_cidrs = ["203.0.113.0/24"]
cpu_instance_types        = ["c7i.xlarge"]
cpu_node_count            = { min = 1, desired = 2, max = 3 }
gpu_instance_types        = ["g5.xlarge"]
gpu_node_max              = 1

slack_webhook_secret_name = "vw-media/dev/slack-webhook-url"

tags = {
  "cost-center" = "media-dev"
}
