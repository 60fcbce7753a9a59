/** The product catalogue the generator draws SKUs from: categories, items, price ranges. */

interface CatalogItem {
  name: string;
  /** List price range in whole yuan. */
  min: number;
  max: number;
}

export interface CatalogCategory {
  category: string;
  weight: number;
  brands: readonly string[];
  items: readonly CatalogItem[];
  sizes?: readonly string[];
  colours?: readonly string[];
  /** Why a customer brings it back; picked for returns. */
  returnReasons: readonly string[];
}

const APPAREL_COLOURS = ['Black', 'White', 'Navy', 'Grey', 'Beige', 'Olive', 'Burgundy', 'Sky Blue'];

export const CATALOG: readonly CatalogCategory[] = [
  {
    category: 'apparel',
    weight: 30,
    brands: ['Haiyun', 'Beifeng', 'Lanting', 'Moyu', 'Qingshan'],
    sizes: ['XS', 'S', 'M', 'L', 'XL', 'XXL'],
    colours: APPAREL_COLOURS,
    returnReasons: ['Wrong size', 'Colour not as pictured', 'Changed mind', 'Poor fit'],
    items: [
      { name: 'T-Shirt', min: 59, max: 199 },
      { name: 'Hoodie', min: 149, max: 399 },
      { name: 'Jeans', min: 199, max: 599 },
      { name: 'Down Jacket', min: 499, max: 1599 },
      { name: 'Polo Shirt', min: 99, max: 299 },
      { name: 'Dress', min: 199, max: 799 },
      { name: 'Knit Sweater', min: 199, max: 699 },
      { name: 'Chinos', min: 149, max: 399 },
    ],
  },
  {
    category: 'footwear',
    weight: 12,
    brands: ['Taben', 'Xingbu', 'Yunji'],
    sizes: ['36', '37', '38', '39', '40', '41', '42', '43', '44', '45'],
    colours: ['Black', 'White', 'Grey', 'Brown', 'Red'],
    returnReasons: ['Wrong size', 'Uncomfortable', 'Changed mind', 'Sole defect'],
    items: [
      { name: 'Running Shoes', min: 299, max: 899 },
      { name: 'Canvas Sneakers', min: 99, max: 299 },
      { name: 'Leather Boots', min: 499, max: 1299 },
      { name: 'Sandals', min: 79, max: 259 },
      { name: 'Loafers', min: 299, max: 799 },
    ],
  },
  {
    category: 'home',
    weight: 15,
    brands: ['Jiayuan', 'Muzhi', 'Anju'],
    colours: ['White', 'Grey', 'Green', 'Natural'],
    returnReasons: ['Damaged in transit', 'Not as described', 'Changed mind', 'Defective'],
    items: [
      { name: 'Electric Kettle', min: 99, max: 299 },
      { name: 'Bedding Set', min: 299, max: 999 },
      { name: 'Ceramic Mug Set', min: 49, max: 159 },
      { name: 'Bath Towel', min: 29, max: 99 },
      { name: 'Rice Cooker', min: 299, max: 1299 },
      { name: 'Desk Lamp', min: 89, max: 399 },
      { name: 'Storage Box', min: 19, max: 89 },
      { name: 'Non-stick Wok', min: 129, max: 499 },
    ],
  },
  {
    category: 'electronics',
    weight: 12,
    brands: ['Leidian', 'Xinghe', 'Boqi'],
    colours: ['Black', 'White', 'Silver'],
    returnReasons: ['Defective', 'Not compatible', 'Changed mind', 'Damaged in transit'],
    items: [
      { name: 'Wireless Earbuds', min: 199, max: 1299 },
      { name: 'Power Bank 20000mAh', min: 99, max: 299 },
      { name: 'Smart Watch', min: 499, max: 2499 },
      { name: 'Bluetooth Speaker', min: 199, max: 999 },
      { name: 'USB-C Charger 65W', min: 79, max: 249 },
      { name: 'Mechanical Keyboard', min: 299, max: 999 },
      { name: 'Phone Case', min: 29, max: 129 },
    ],
  },
  {
    category: 'beauty',
    weight: 10,
    brands: ['Yuerong', 'Huaxi Lab', 'Qingyan'],
    returnReasons: ['Allergic reaction', 'Damaged packaging', 'Changed mind'],
    items: [
      { name: 'Hydrating Serum 30ml', min: 159, max: 699 },
      { name: 'Face Cream 50ml', min: 129, max: 599 },
      { name: 'Sunscreen SPF50', min: 89, max: 259 },
      { name: 'Lipstick', min: 99, max: 349 },
      { name: 'Sheet Mask (10 pcs)', min: 59, max: 199 },
      { name: 'Shampoo 500ml', min: 39, max: 129 },
    ],
  },
  {
    category: 'grocery',
    weight: 8,
    brands: ['Xihu Farm', 'Tianfu', 'Nongjia'],
    returnReasons: ['Damaged packaging', 'Past best-before date', 'Wrong item'],
    items: [
      { name: 'Longjing Green Tea 250g', min: 89, max: 599 },
      { name: 'Jasmine Rice 5kg', min: 39, max: 99 },
      { name: 'Dried Mango 500g', min: 19, max: 49 },
      { name: 'Mixed Nuts 750g', min: 59, max: 159 },
      { name: 'Instant Noodles (5-pack)', min: 12, max: 29 },
      { name: 'Oolong Tea 200g', min: 69, max: 399 },
    ],
  },
  {
    category: 'sports',
    weight: 6,
    brands: ['Lingyue', 'Dongli'],
    colours: ['Black', 'Blue', 'Pink', 'Green'],
    returnReasons: ['Defective', 'Wrong size', 'Changed mind'],
    items: [
      { name: 'Yoga Mat', min: 79, max: 299 },
      { name: 'Badminton Racket', min: 129, max: 699 },
      { name: 'Basketball', min: 99, max: 399 },
      { name: 'Dumbbell Set 10kg', min: 149, max: 399 },
      { name: 'Cycling Jersey', min: 199, max: 599 },
    ],
  },
  {
    category: 'toys',
    weight: 4,
    brands: ['Tongqu', 'Mengwa'],
    returnReasons: ['Missing parts', 'Damaged in transit', 'Changed mind'],
    items: [
      { name: 'Building Blocks Set', min: 99, max: 899 },
      { name: 'Plush Panda', min: 49, max: 199 },
      { name: 'Jigsaw Puzzle 1000 pcs', min: 59, max: 159 },
      { name: 'RC Car', min: 199, max: 599 },
    ],
  },
];
