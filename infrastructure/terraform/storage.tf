# Sources (uploads, kept source_retention_days) and outputs (the origin CloudFront serves: assets/ and manifests/).
# Both private: no ACLs, public access blocked, SSE-S3; only CloudFront reads outputs (bucket policy in cdn.tf).

locals {
  buckets = {
    sources = "vw-media-sources-${var.environment}"
    outputs = "vw-media-origin-${var.environment}"
  }
}

resource "aws_s3_bucket" "media" {
  for_each = local.buckets

  bucket = each.value
}

resource "aws_s3_bucket_ownership_controls" "media" {
  for_each = aws_s3_bucket.media

  bucket = each.value.id

  rule {
    object_ownership = "BucketOwnerEnforced"
  }
}

resource "aws_s3_bucket_public_access_block" "media" {
  for_each = aws_s3_bucket.media

  bucket                  = each.value.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_server_side_encryption_configuration" "media" {
  for_each = aws_s3_bucket.media

  bucket = each.value.id

  rule {
    # SSE-S3: CloudFront's Origin Access Control reads it without a KMS grant
    apply_server_side_encryption_by_default {
      sse_algorithm = "AES256"
    }
    bucket_key_enabled = true
  }
}

resource "aws_s3_bucket_lifecycle_configuration" "sources" {
  bucket = aws_s3_bucket.media["sources"].id

  rule {
    id     = "expire-sources"
    status = "Enabled"

    filter {}

    expiration {
      days = var.source_retention_days
    }

    abort_incomplete_multipart_upload {
      days_after_initiation = 2
    }
  }
}

resource "aws_s3_bucket_lifecycle_configuration" "outputs" {
  bucket = aws_s3_bucket.media["outputs"].id

  # vw-media aborts a failed multipart upload itself; this catches a worker killed mid-upload
  rule {
    id     = "abort-incomplete-uploads"
    status = "Enabled"

    filter {}

    abort_incomplete_multipart_upload {
      days_after_initiation = 1
    }
  }
}

# Players fetch through CloudFront, which answers CORS itself (cdn.tf); this serves a player pointed at the bucket
# through a presigned URL, e.g. a preview before publishing.
resource "aws_s3_bucket_cors_configuration" "outputs" {
  bucket = aws_s3_bucket.media["outputs"].id

  cors_rule {
    allowed_methods = ["GET", "HEAD"]
    allowed_origins = var.player_origins
    allowed_headers = ["Range"]
    expose_headers  = ["Content-Length", "Content-Range", "ETag"]
    max_age_seconds = 3600
  }
}
