/** What multer's memory storage gives for one uploaded file: the part of Express.Multer.File we use. */
export interface UploadedFileLike {
  buffer: Buffer;
  originalname: string;
}
