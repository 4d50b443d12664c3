import { Construct } from "constructs";
import { S3Object } from "@cdktf/provider-aws/lib/s3-object";
import { SecureBucket } from "./secure-bucket";

export interface BucketFoldersProps {
  readonly bucket: SecureBucket;
  /** Folder keys, each ending in `/`, e.g. `uploads/`. */
  readonly folders: readonly string[];
}

/**
 * Empty "folder" objects (keys ending in `/`) so a bucket shows its intended layout in the console
 * before the first upload. Construct ids are the folder names, so adding one never renames another.
 */
export class BucketFolders extends Construct {
  readonly objects: readonly S3Object[];

  constructor(scope: Construct, id: string, props: BucketFoldersProps) {
    super(scope, id);
    if (props.folders.length === 0) throw new Error(`BucketFolders "${id}": folders must list at least one folder`);
    const seen = new Set<string>();
    this.objects = props.folders.map((folder) => {
      if (!/^[a-z0-9][a-z0-9._-]*(\/[a-z0-9][a-z0-9._-]*)*\/$/.test(folder)) {
        throw new Error(`BucketFolders "${id}": "${folder}" must be a key like uploads/ (lowercase, no leading slash, ending in /)`);
      }
      if (seen.has(folder)) throw new Error(`BucketFolders "${id}": "${folder}" is listed twice`);
      seen.add(folder);
      return new S3Object(this, folder.slice(0, -1).replace(/\//g, "-"), {
        bucket: props.bucket.bucket.id,
        key: folder,
        content: "",
        contentType: "application/x-directory",
      });
    });
  }
}
