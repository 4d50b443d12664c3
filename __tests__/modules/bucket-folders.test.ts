import { BucketFolders } from "../../modules/bucket-folders";
import { SecureBucket } from "../../modules/secure-bucket";
import { moduleTestStack, resources, synthModule } from "../support/synth";

describe("BucketFolders", () => {
  test("GIVEN the seed's prefixes THEN each is an empty object whose key ends in /", () => {
    const { json } = synthModule((stack) => {
      const bucket = new SecureBucket(stack, "artifacts", { bucketName: "coherent-artifacts-dev" });
      return new BucketFolders(stack, "artifacts-folders", { bucket, folders: ["uploads/", "artifacts/", "documents/", "backups/"] });
    });
    const objects = resources(json, "aws_s3_object");
    expect(
      Object.values(objects)
        .map((object) => object.key)
        .sort(),
    ).toEqual(["artifacts/", "backups/", "documents/", "uploads/"]);
    expect(objects["artifacts-folders_uploads"]).toEqual({
      bucket: "${aws_s3_bucket.artifacts.id}",
      key: "uploads/",
      content: "",
      content_type: "application/x-directory",
    });
  });

  test.each([
    [[], /BucketFolders "test\/folders": folders = \[\]: must list at least one folder/],
    [
      ["uploads"],
      /BucketFolders "test\/folders": folders = "uploads": each must be a key like uploads\/ \(lowercase, no leading slash, ending in \/\)/,
    ],
    [
      ["/uploads/"],
      /BucketFolders "test\/folders": folders = "\/uploads\/": each must be a key like uploads\/ \(lowercase, no leading slash, ending in \/\)/,
    ],
    [["uploads/", "uploads/"], /BucketFolders "test\/folders": folders = "uploads\/": is listed twice; each folder once/],
  ])("GIVEN folders %j THEN they are refused", (folders, message) => {
    const stack = moduleTestStack();
    const bucket = new SecureBucket(stack, "bucket", { bucketName: "bucket" });
    expect(() => new BucketFolders(stack, "folders", { bucket, folders })).toThrow(message);
  });
});
