# Kubernetes: an EKS cluster (or an existing one), a CPU node group for the topology, the CPU workers and the
# add-ons, and the GPU node group g5-media-transcode for the NVENC workers. GPU nodes are tainted gpu=true:NoSchedule
# (EKS spells the effect NO_SCHEDULE) so only pods that tolerate it land there, and labelled
# nvidia.com/gpu.present=true for the GPU workers' node selector. The group scales from 0.

data "aws_iam_policy_document" "eks_cluster_trust" {
  statement {
    actions = ["sts:AssumeRole", "sts:TagSession"]

    principals {
      type        = "Service"
      identifiers = ["eks.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "eks_cluster" {
  count = var.create_eks ? 1 : 0

  name               = "${local.name}-eks-cluster"
  assume_role_policy = data.aws_iam_policy_document.eks_cluster_trust.json
}

resource "aws_iam_role_policy_attachment" "eks_cluster" {
  count = var.create_eks ? 1 : 0

  role       = aws_iam_role.eks_cluster[0].name
  policy_arn = "arn:${local.partition}:iam::aws:policy/AmazonEKSClusterPolicy"
}

resource "aws_eks_cluster" "this" {
  count = var.create_eks ? 1 : 0

  name     = local.name
  version  = var.eks_version
  role_arn = aws_iam_role.eks_cluster[0].arn

  vpc_config {
    subnet_ids              = var.private_subnet_ids
    endpoint_private_access = true
    endpoint_public_access  = length(var.eks_public_endpoint_cidrs) > 0
    public_access_cidrs     = length(var.eks_public_endpoint_cidrs) > 0 ? var.eks_public_endpoint_cidrs : null
  }

  access_config {
    authentication_mode                         = "API"
    bootstrap_cluster_creator_admin_permissions = true
  }

  depends_on = [aws_iam_role_policy_attachment.eks_cluster]
}

data "aws_eks_cluster" "existing" {
  count = var.create_eks ? 0 : 1

  name = var.existing_eks_cluster_name
}

locals {
  eks_cluster_name              = var.create_eks ? aws_eks_cluster.this[0].name : data.aws_eks_cluster.existing[0].name
  eks_oidc_issuer               = var.create_eks ? aws_eks_cluster.this[0].identity[0].oidc[0].issuer : data.aws_eks_cluster.existing[0].identity[0].oidc[0].issuer
  eks_cluster_security_group_id = var.create_eks ? aws_eks_cluster.this[0].vpc_config[0].cluster_security_group_id : data.aws_eks_cluster.existing[0].vpc_config[0].cluster_security_group_id
}

# ---- nodes

data "aws_iam_policy_document" "eks_node_trust" {
  statement {
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["ec2.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "eks_node" {
  name               = "${local.name}-eks-node"
  assume_role_policy = data.aws_iam_policy_document.eks_node_trust.json
}

resource "aws_iam_role_policy_attachment" "eks_node" {
  for_each = toset(["AmazonEKSWorkerNodePolicy", "AmazonEKS_CNI_Policy", "AmazonEC2ContainerRegistryReadOnly"])

  role       = aws_iam_role.eks_node.name
  policy_arn = "arn:${local.partition}:iam::aws:policy/${each.value}"
}

resource "aws_eks_node_group" "cpu" {
  cluster_name    = local.eks_cluster_name
  node_group_name = "media-cpu"
  node_role_arn   = aws_iam_role.eks_node.arn
  subnet_ids      = var.private_subnet_ids
  ami_type        = "AL2023_x86_64_STANDARD"
  instance_types  = var.cpu_instance_types
  disk_size       = 100

  scaling_config {
    min_size     = var.cpu_node_count.min
    desired_size = var.cpu_node_count.desired
    max_size     = var.cpu_node_count.max
  }

  labels = {
    "vw-media/pool" = "cpu"
  }

  lifecycle {
    # the cluster autoscaler owns the size once the group exists
    ignore_changes = [scaling_config[0].desired_size]
  }

  depends_on = [aws_iam_role_policy_attachment.eks_node]
}

resource "aws_eks_node_group" "gpu" {
  cluster_name    = local.eks_cluster_name
  node_group_name = "g5-media-transcode"
  node_role_arn   = aws_iam_role.eks_node.arn
  subnet_ids      = var.private_subnet_ids
  # Amazon Linux 2023 with the NVIDIA driver and container toolkit; the NVIDIA device plugin runs as a DaemonSet (k8s/)
  ami_type       = "AL2023_x86_64_NVIDIA"
  instance_types = var.gpu_instance_types
  # the GPU image (FFmpeg with NVENC, CUDA libraries) and a source + its renditions in scratch
  disk_size = 200

  scaling_config {
    min_size     = 0
    desired_size = 0
    max_size     = var.gpu_node_max
  }

  taint {
    key    = "gpu"
    value  = "true"
    effect = "NO_SCHEDULE"
  }

  labels = {
    "nvidia.com/gpu.present" = "true"
    "vw-media/pool"          = "gpu"
  }

  lifecycle {
    ignore_changes = [scaling_config[0].desired_size]
  }

  depends_on = [aws_iam_role_policy_attachment.eks_node]
}

# Scaling a node group up from 0 nodes: the cluster autoscaler reads a node's labels, taints and GPUs from these
# tags of the group's Auto Scaling group, since there is no node yet to read them from.
resource "aws_autoscaling_group_tag" "gpu_node_template" {
  for_each = {
    "k8s.io/cluster-autoscaler/node-template/label/nvidia.com/gpu.present" = "true"
    "k8s.io/cluster-autoscaler/node-template/taint/gpu"                    = "true:NoSchedule"
    "k8s.io/cluster-autoscaler/node-template/resources/nvidia.com/gpu"     = "1"
  }

  autoscaling_group_name = aws_eks_node_group.gpu.resources[0].autoscaling_groups[0].name

  tag {
    key                 = each.key
    value               = each.value
    propagate_at_launch = false
  }
}

# ---- storage for the topology's state directory (a PersistentVolumeClaim): the EBS CSI driver

data "aws_iam_policy_document" "ebs_csi_trust" {
  statement {
    actions = ["sts:AssumeRoleWithWebIdentity"]

    principals {
      type        = "Federated"
      identifiers = [local.oidc_provider_arn]
    }

    condition {
      test     = "StringEquals"
      variable = "${local.oidc_provider_host}:sub"
      values   = ["system:serviceaccount:kube-system:ebs-csi-controller-sa"]
    }

    condition {
      test     = "StringEquals"
      variable = "${local.oidc_provider_host}:aud"
      values   = ["sts.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "ebs_csi" {
  count = var.create_eks ? 1 : 0

  name               = "${local.name}-ebs-csi"
  assume_role_policy = data.aws_iam_policy_document.ebs_csi_trust.json
}

resource "aws_iam_role_policy_attachment" "ebs_csi" {
  count = var.create_eks ? 1 : 0

  role       = aws_iam_role.ebs_csi[0].name
  policy_arn = "arn:${local.partition}:iam::aws:policy/service-role/AmazonEBSCSIDriverPolicy"
}

resource "aws_eks_addon" "ebs_csi" {
  count = var.create_eks ? 1 : 0

  cluster_name             = aws_eks_cluster.this[0].name
  addon_name               = "aws-ebs-csi-driver"
  service_account_role_arn = aws_iam_role.ebs_csi[0].arn

  depends_on = [aws_eks_node_group.cpu]
}
