# <bucket>/<key> is the import ID.
terraform import filestore_content_object.bundle my-app-uploads/cas/9f/9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08
