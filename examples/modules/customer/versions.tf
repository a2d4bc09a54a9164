terraform {
  required_version = ">= 1.11.0"

  required_providers {
    resistant = {
      source  = "resistant-ai/resistant"
      version = ">= 0.1.0"
    }
  }
}
