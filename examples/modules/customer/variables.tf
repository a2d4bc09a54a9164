variable "name" {
  description = "The tenant's name: 1 to 61 lowercase letters and digits, unique in the organization. provider::resistant::tenant_name() makes one from a display name."
  type        = string

  validation {
    condition     = can(regex("^[a-z0-9]{1,61}$", var.name))
    error_message = "name must be 1 to 61 lowercase letters a-z and digits (^[a-z0-9]{1,61}$); use provider::resistant::tenant_name(\"Display Name\") to derive one."
  }
}

variable "cells" {
  description = "The cells (regions) the customer's documents are processed in; one application is created in each. The testing environment offers eu-1 only."
  type        = set(string)
  default     = ["eu-1"]

  validation {
    condition     = length(var.cells) > 0
    error_message = "cells must name at least one cell (eu-1, us-1, ca-1, ap-2, ap-3)."
  }

  validation {
    condition     = alltrue([for cell in var.cells : contains(["eu-1", "us-1", "ca-1", "ap-2", "ap-3"], cell)])
    error_message = "cells may hold only eu-1, us-1, ca-1, ap-2 and ap-3."
  }
}

variable "scopes" {
  description = "The Documents API scopes every application is granted."
  type        = set(string)
  default     = ["documents.submissions.read", "documents.submissions.write"]

  validation {
    condition = length(var.scopes) > 0 && alltrue([
      for scope in var.scopes : contains(["documents.submissions.read", "documents.submissions.write"], scope)
    ])
    error_message = "scopes must hold documents.submissions.read and/or documents.submissions.write."
  }
}

variable "public_keys" {
  description = "Per cell, the customer's public key (PEM; RSA of 2048 bits or more, or EC P-256). A cell listed here gets a private_key_jwt application and no secret exists anywhere; the other cells get client-secret applications."
  type        = map(string)
  default     = {}

  validation {
    condition     = alltrue([for cell in keys(var.public_keys) : contains(var.cells, cell)])
    error_message = "Every key of public_keys must be one of the customer's cells."
  }

  validation {
    condition     = alltrue([for pem in values(var.public_keys) : can(regex("-----BEGIN (RSA )?PUBLIC KEY-----", pem))])
    error_message = "public_keys values must be public keys in PEM (BEGIN PUBLIC KEY or BEGIN RSA PUBLIC KEY), never private keys."
  }
}

variable "rotation" {
  description = "Change this value to rotate every application of the customer: new applications are created before the old ones are deleted."
  type        = string
  default     = "initial"
}

variable "deletion_protection" {
  description = "While true, Terraform refuses to destroy or replace the tenant. Set it to false and apply before offboarding the customer."
  type        = bool
  default     = true
}

variable "force_destroy" {
  description = "When true, destroying the tenant also deletes applications Terraform does not manage."
  type        = bool
  default     = false
}
