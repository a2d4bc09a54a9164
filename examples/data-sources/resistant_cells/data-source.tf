# What to record for every customer: per cell, the Documents API address, token URL and UI domain.
data "resistant_cells" "all" {}

output "documents_endpoints" {
  value = { for cell in data.resistant_cells.all.cells : cell.name => cell.documents_api_url }
}
